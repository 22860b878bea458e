/// Steps that colour values (Grafana's thresholds): a base colour, then a colour from
/// each step's value upwards.
public struct Thresholds: Sendable, Hashable {
    /// Step values are absolute, or percentages of the panel's min–max range.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case absolute
        case percentage
    }

    public var mode: Mode
    /// The colour below the first step.
    public var base: PanelColor
    /// Steps in increasing value order.
    public var steps: [Step]

    /// One step: from `value` upwards, `color`.
    public struct Step: Sendable, Hashable {
        public var value: Double
        public var color: PanelColor

        public init(value: Double, color: PanelColor) {
            self.value = value
            self.color = color
        }
    }

    public init(mode: Mode = .absolute, base: PanelColor = .green, steps: [Step] = []) {
        self.mode = mode
        self.base = base
        self.steps = steps.sorted { $0.value < $1.value }
    }

    /// No steps: everything in the base colour.
    public static let none = Thresholds()

    public var isEmpty: Bool { steps.isEmpty }

    /// The colour of `value`; percentages are taken of `[min, max]`.
    public func color(for value: Double, min: Double = 0, max: Double = 100) -> PanelColor {
        guard value.isFinite else { return base }
        var color = base
        for step in steps where value >= absoluteValue(step, min: min, max: max) {
            color = step.color
        }
        return color
    }

    /// A step's value in the panel's unit.
    public func absoluteValue(_ step: Step, min: Double, max: Double) -> Double {
        mode == .absolute ? step.value : min + (max - min) * step.value / 100
    }
}
