import Synchronization
import VigilModel
import VigilPromQL

/// The PromQL engine over a store, as rules query it: expressions are parsed once and
/// cached, then evaluated as instant queries. Blocking, like the engine.
public final class PromQLRuleEngine: RuleQueryEngine, Sendable {
    public let engine: Engine
    public let queryable: any Queryable
    public let parserOptions: ParserOptions
    private let parsed = Mutex<[String: Expr]>([:])

    public init(engine: Engine = Engine(), queryable: any Queryable, parserOptions: ParserOptions = .default) {
        self.engine = engine
        self.queryable = queryable
        self.parserOptions = parserOptions
    }

    public func instantQuery(_ expr: String, at time: Timestamp) throws(RuleQueryError) -> QueryValue {
        let tree: Expr
        if let cached = parsed.withLock({ $0[expr] }) {
            tree = cached
        } else {
            do {
                tree = try Parser.parse(expr, options: parserOptions)
            } catch {
                throw RuleQueryError(error.description)
            }
            parsed.withLock { cache in
                // Rule expressions are few; queries from templates could be many.
                if cache.count > 10_000 { cache.removeAll() }
                cache[expr] = tree
            }
        }
        do {
            return try engine.instant(tree, query: expr, at: time, on: queryable).value
        } catch {
            throw RuleQueryError(error.description)
        }
    }
}
