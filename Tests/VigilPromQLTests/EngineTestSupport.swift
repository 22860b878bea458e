import Foundation
import VigilModel
import VigilTestSupport
@testable import VigilPromQL

/// Builders for expressions in engine tests, independent of the parser. Source ranges are
/// all empty: these tests do not check annotation positions.
enum Build {
    static let none: SourceRange = 0..<0

    static func number(_ value: Double) -> Expr { .number(NumberLiteral(value: value, range: none)) }

    static func string(_ value: String) -> Expr { .string(StringLiteral(value: value, range: none)) }

    static func selector(_ name: String, _ labels: [(String, String)] = [], offset: Int64? = nil, at: AtModifier? = nil) -> VectorSelector {
        var matchers = [LabelMatcher.equal(LabelName.metric, name)]
        matchers += labels.map { LabelMatcher.equal($0.0, $0.1) }
        return VectorSelector(name: name, matchers: matchers, offset: offset.map { .literal($0) }, at: at, range: none)
    }

    static func vector(_ name: String, _ labels: [(String, String)] = [], offset: Int64? = nil, at: AtModifier? = nil) -> Expr {
        .vectorSelector(selector(name, labels, offset: offset, at: at))
    }

    static func matrix(_ name: String, _ window: Int64, _ labels: [(String, String)] = [], offset: Int64? = nil) -> Expr {
        .matrixSelector(MatrixSelector(selector: selector(name, labels, offset: offset), window: .literal(window), range: none))
    }

    static func call(_ function: String, _ args: Expr...) -> Expr {
        .call(Call(function: function, args: args, range: none))
    }

    static func aggregate(_ op: AggregateOp, _ expr: Expr, by: [String] = [], without: Bool = false, parameter: Expr? = nil) -> Expr {
        .aggregate(Aggregate(
            op: op, expr: expr, parameter: parameter, grouping: by, without: without,
            hasGroupingClause: !by.isEmpty, range: none))
    }

    static func binary(_ op: BinaryOp, _ lhs: Expr, _ rhs: Expr, matching: VectorMatching? = nil, bool: Bool = false) -> Expr {
        .binary(Binary(op: op, lhs: lhs, rhs: rhs, matching: matching, returnBool: bool, range: none))
    }

    static func subquery(_ expr: Expr, _ window: Int64, step: Int64?) -> Expr {
        .subquery(Subquery(expr: expr, window: .literal(window), step: step.map { .literal($0) }, range: none))
    }
}

/// A store with samples every `interval` ms from 0.
func store(_ series: [(Labels, [Double?])], interval: Int64 = 60_000) -> InMemoryStore {
    let store = InMemoryStore()
    for (labels, values) in series {
        var samples: [Sample] = []
        for (i, value) in values.enumerated() {
            if let value { samples.append(Sample(t: Int64(i) * interval, v: value)) }
        }
        store.add(labels, samples)
    }
    return store
}

extension QueryValue {
    /// The vector's elements as label description → value, for compact expectations.
    var vectorValues: [String: Double] {
        guard case .vector(let samples) = self else { return [:] }
        var out: [String: Double] = [:]
        for sample in samples { out[sample.labels.description] = sample.v }
        return out
    }

    var scalarValue: Double? {
        if case .scalar(_, let v) = self { return v }
        return nil
    }

    var matrixSeries: [RangeSeries] {
        if case .matrix(let series) = self { return series }
        return []
    }
}

/// A store whose querier blocks until released, to hold a query (and its slot) running.
final class BlockingStore: Queryable, @unchecked Sendable {
    // @unchecked: the wrapped store is Sendable and the semaphores are thread-safe.
    let inner: any Queryable
    /// Signalled when a querier is asked for; `release` lets it continue.
    let entered = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)

    init(_ inner: any Queryable) { self.inner = inner }

    func querier() throws(ReadError) -> any Querier {
        entered.signal()
        release.wait()
        return try inner.querier()
    }
}
