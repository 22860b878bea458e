#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The C math library under Go's names, so kernels read like the Prometheus code they match.
enum Math {
    @inline(__always) static func pow(_ x: Double, _ y: Double) -> Double { Glibc_pow(x, y) }
    /// Go's `math.Mod`: the remainder with the sign of `x` (C `fmod`).
    @inline(__always) static func mod(_ x: Double, _ y: Double) -> Double { fmod(x, y) }
    @inline(__always) static func atan2(_ y: Double, _ x: Double) -> Double { Glibc_atan2(y, x) }
    @inline(__always) static func exp(_ x: Double) -> Double { Glibc_exp(x) }
    @inline(__always) static func ln(_ x: Double) -> Double { log(x) }
    @inline(__always) static func log2(_ x: Double) -> Double { Glibc_log2(x) }
    @inline(__always) static func log10(_ x: Double) -> Double { Glibc_log10(x) }
    @inline(__always) static func sin(_ x: Double) -> Double { Glibc_sin(x) }
    @inline(__always) static func cos(_ x: Double) -> Double { Glibc_cos(x) }
    @inline(__always) static func tan(_ x: Double) -> Double { Glibc_tan(x) }
    @inline(__always) static func asin(_ x: Double) -> Double { Glibc_asin(x) }
    @inline(__always) static func acos(_ x: Double) -> Double { Glibc_acos(x) }
    @inline(__always) static func atan(_ x: Double) -> Double { Glibc_atan(x) }
    @inline(__always) static func sinh(_ x: Double) -> Double { Glibc_sinh(x) }
    @inline(__always) static func cosh(_ x: Double) -> Double { Glibc_cosh(x) }
    @inline(__always) static func tanh(_ x: Double) -> Double { Glibc_tanh(x) }
    @inline(__always) static func asinh(_ x: Double) -> Double { Glibc_asinh(x) }
    @inline(__always) static func acosh(_ x: Double) -> Double { Glibc_acosh(x) }
    @inline(__always) static func atanh(_ x: Double) -> Double { Glibc_atanh(x) }
}

// The free C functions, reachable inside `Math` where the static members shadow them.
@inline(__always) private func Glibc_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) private func Glibc_atan2(_ y: Double, _ x: Double) -> Double { atan2(y, x) }
@inline(__always) private func Glibc_exp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func Glibc_log2(_ x: Double) -> Double { log2(x) }
@inline(__always) private func Glibc_log10(_ x: Double) -> Double { log10(x) }
@inline(__always) private func Glibc_sin(_ x: Double) -> Double { sin(x) }
@inline(__always) private func Glibc_cos(_ x: Double) -> Double { cos(x) }
@inline(__always) private func Glibc_tan(_ x: Double) -> Double { tan(x) }
@inline(__always) private func Glibc_asin(_ x: Double) -> Double { asin(x) }
@inline(__always) private func Glibc_acos(_ x: Double) -> Double { acos(x) }
@inline(__always) private func Glibc_atan(_ x: Double) -> Double { atan(x) }
@inline(__always) private func Glibc_sinh(_ x: Double) -> Double { sinh(x) }
@inline(__always) private func Glibc_cosh(_ x: Double) -> Double { cosh(x) }
@inline(__always) private func Glibc_tanh(_ x: Double) -> Double { tanh(x) }
@inline(__always) private func Glibc_asinh(_ x: Double) -> Double { asinh(x) }
@inline(__always) private func Glibc_acosh(_ x: Double) -> Double { acosh(x) }
@inline(__always) private func Glibc_atanh(_ x: Double) -> Double { atanh(x) }
