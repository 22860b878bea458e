/// How `BitReader.sumFields` adds the fields of one width: how many fields a window
/// takes, the masks of each pairwise step, and the multiply that sums the final lanes.
///
/// A plain value without references: copying a plan out of `plans` in the decoder's inner
/// loop then costs no reference counting (an array of masks did, per call).
struct FieldSumPlan: Sendable {
    let fieldsPerWindow: Int
    /// For each step, the low half of every lane (the lanes double each step); the
    /// first `steps` are used. Widths 1–16 need at most three steps.
    let pairMasks: (UInt64, UInt64, UInt64)
    let steps: Int
    /// One 1 bit at the start of each final lane.
    let multiplier: UInt64
    let topLaneShift: UInt64
    let laneMask: UInt64

    /// Plans for widths 1...16.
    static let plans: [FieldSumPlan] = (1...16).map { plan(width: $0) }

    /// The most fields (at most 56 bits, one read) whose total fits the final lane, with
    /// every final lane inside 64 bits.
    private static func plan(width: Int) -> FieldSumPlan {
        var fields = 56 / width
        while true {
            let largestTotal = UInt64(fields) * ((1 << UInt64(width)) - 1)
            var lane = width
            var pairMasks: [UInt64] = []
            while lane < 64, largestTotal >> UInt64(lane) != 0 {
                pairMasks.append(repeating(ones: lane, every: 2 * lane))
                lane *= 2
            }
            let lanes = (fields * width + lane - 1) / lane
            if lane < 64, lanes * lane <= 64 {
                precondition(pairMasks.count <= 3, "field sums of width \(width) need \(pairMasks.count) steps")
                let masks = pairMasks + [0, 0, 0]
                return FieldSumPlan(
                    fieldsPerWindow: fields, pairMasks: (masks[0], masks[1], masks[2]), steps: pairMasks.count,
                    multiplier: repeating(ones: 1, every: lane, upTo: lanes * lane),
                    topLaneShift: UInt64((lanes - 1) * lane), laneMask: (1 << UInt64(lane)) - 1)
            }
            fields -= 1
        }
    }

    /// The mask of pairwise step `index` (< `steps`).
    @inline(__always) func pairMask(_ index: Int) -> UInt64 {
        switch index {
        case 0: pairMasks.0
        case 1: pairMasks.1
        default: pairMasks.2
        }
    }

    /// `ones` set bits at the start of every `period` bits, below bit `limit`.
    private static func repeating(ones: Int, every period: Int, upTo limit: Int = 64) -> UInt64 {
        stride(from: 0, to: limit, by: period).reduce(0) { mask, start in
            mask | (((1 << UInt64(ones)) - 1) << UInt64(start))
        }
    }
}
