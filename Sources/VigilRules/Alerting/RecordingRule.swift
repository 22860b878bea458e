import VigilModel
import VigilPromQL

/// A recording rule: the expression's result stored under a new metric name with the
/// rule's labels (Prometheus' `RecordingRule`).
public struct RecordingRule: Sendable, Hashable {
    /// The metric name written.
    public let name: String
    public let expr: String
    public let labels: Labels

    public init(name: String, expr: String, labels: Labels = .empty) {
        self.name = name
        self.expr = expr
        self.labels = labels
    }

    /// The samples to write for the expression's result `vector`: each gets the rule's
    /// name and labels. Fails when two samples end up with the same label set, or when
    /// there are more than `limit` series (0 = no limit).
    public func evaluate(_ vector: [VectorSample], limit: Int = 0) throws(RuleEvaluationError) -> [VectorSample] {
        var seen = Set<Labels>()
        var out: [VectorSample] = []
        out.reserveCapacity(vector.count)
        for sample in vector {
            var builder = LabelsBuilder(sample.labels)
            builder.set(LabelName.metric, name)
            for label in labels { builder.set(label.name, label.value) }
            let labels = builder.labels
            guard seen.insert(labels).inserted else {
                throw RuleEvaluationError("vector contains metrics with the same labelset after applying rule labels")
            }
            out.append(VectorSample(labels: labels, t: sample.t, v: sample.v))
        }
        if limit > 0 && out.count > limit {
            throw RuleEvaluationError("exceeded limit of \(limit) with \(out.count) series")
        }
        return out
    }
}
