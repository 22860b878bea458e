/// A float written as an integer mantissa over a power of ten: `mantissa / 10^exponent`.
///
/// Most values a monitoring system stores are short decimals (counters, byte counts,
/// gauges with a few decimals). Their mantissas change by small integers from sample to
/// sample and pack into few bits, where the binary mantissa of the float would not.
///
/// The conversion is exact: `value` returns the very bits the form was made from, because
/// for `|mantissa| < 2^53` and `exponent <= 22` both operands of the division are exact
/// doubles and IEEE division rounds once, to the same double that parsing the decimal
/// text gives (Clinger's fast path).
struct DecimalForm: Hashable, Sendable {
    var mantissa: Int64
    var exponent: Int

    /// Largest exponent used; 10^22 is the largest power of ten a double holds exactly.
    static let maxExponent = 22
    /// Mantissas stay below 2^53 so that they convert to doubles exactly.
    static let mantissaLimit: Int64 = 1 << 53

    /// 10^0 ... 10^22 as doubles, all exact.
    static let powers: [Double] = (0...maxExponent).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// 10^0 ... 10^18 as integers.
    static let integerPowers: [Int64] = (0...18).map { exponent in
        var value: Int64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The decimal form with the smallest exponent, or nil when `value` is not a short
    /// decimal: NaN, infinities, -0.0 (its sign would be lost), or more than 15–16
    /// significant digits.
    static func of(_ value: Double) -> DecimalForm? {
        if value == 0 {
            return value.sign == .minus ? nil : DecimalForm(mantissa: 0, exponent: 0)
        }
        guard value.isFinite else { return nil }
        let limit = Double(mantissaLimit)
        for exponent in 0...maxExponent {
            let scaled = value * powers[exponent]
            guard abs(scaled) < limit else { return nil }
            let rounded = scaled.rounded()
            if exponent == 0 {
                if rounded == value { return DecimalForm(mantissa: Int64(rounded), exponent: 0) }
            } else if (rounded / powers[exponent]).bitPattern == value.bitPattern {
                return DecimalForm(mantissa: Int64(rounded), exponent: exponent)
            }
        }
        return nil
    }

    /// The same number with a larger exponent, or nil when the mantissa would reach 2^53.
    func rescaled(to newExponent: Int) -> DecimalForm? {
        precondition(newExponent >= exponent, "BUG: rescaling to a smaller exponent")
        // The common case when decoding: a group at the exponent of the one before.
        if newExponent == exponent { return self }
        if mantissa == 0 { return DecimalForm(mantissa: 0, exponent: newExponent) }
        let shift = newExponent - exponent
        guard shift < DecimalForm.integerPowers.count else { return nil }
        let (product, overflow) = mantissa.multipliedReportingOverflow(by: DecimalForm.integerPowers[shift])
        guard !overflow, product.magnitude < UInt64(DecimalForm.mantissaLimit) else { return nil }
        return DecimalForm(mantissa: product, exponent: newExponent)
    }

    /// The float this form stands for.
    @inline(__always)
    static func value(mantissa: Int64, exponent: Int) -> Double {
        exponent == 0 ? Double(mantissa) : Double(mantissa) / powers[exponent]
    }
}
