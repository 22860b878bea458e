import Foundation

/// Polls `condition` until it holds, yielding 1 ms between tries, at most `tries` times:
/// waits for other tasks to reach a state without betting on how long they take.
func pollUntil(tries: Int = 30_000, _ condition: () async -> Bool) async -> Bool {
    for _ in 0..<tries {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return await condition()
}
