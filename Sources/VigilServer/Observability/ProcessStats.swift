#if canImport(Glibc)
import Glibc
#endif
import VigilModel

/// The process figures every Prometheus client exposes (`process_*`), read from `/proc`.
struct ProcessStats: Sendable {
    var cpuSeconds: Double
    var residentBytes: Double
    var virtualBytes: Double
    var openFDs: Double
    var maxFDs: Double
    var startTimeSeconds: Double

    /// Reads the current figures; nil where `/proc` is unavailable.
    static func current() -> ProcessStats? {
        guard let stat = readSmallFile("/proc/self/stat"),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after "(comm)": state is field 3; utime 14, stime 15, starttime 22, vsize 23, rss 24.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        func field(_ number: Int) -> Double { Double(fields[number - 3]) ?? 0 }
        guard fields.count >= 22 else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        return ProcessStats(
            cpuSeconds: (field(14) + field(15)) / ticks,
            residentBytes: field(24) * pageSize,
            virtualBytes: field(23),
            openFDs: Double(countEntries("/proc/self/fd")),
            maxFDs: maxOpenFiles(),
            startTimeSeconds: bootTime() + field(22) / ticks
        )
    }

    /// Text exposition lines, with the types official clients use.
    var exposition: String {
        func family(_ name: String, _ type: String, _ help: String, _ value: Double) -> String {
            "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(GoFloat.g(value))\n"
        }
        return family("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", cpuSeconds)
            + family("process_max_fds", "gauge", "Maximum number of open file descriptors.", maxFDs)
            + family("process_open_fds", "gauge", "Number of open file descriptors.", openFDs)
            + family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", residentBytes)
            + family("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", startTimeSeconds)
            + family("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", virtualBytes)
    }

    private static func bootTime() -> Double {
        guard let stat = readSmallFile("/proc/stat") else { return 0 }
        for line in stat.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingPrefix(" ")) ?? 0
        }
        return 0
    }

    private static func maxOpenFiles() -> Double {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        return Double(limit.rlim_cur)
    }

    private static func countEntries(_ path: String) -> Int {
        guard let dir = opendir(path) else { return 0 }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { $0.first == UInt8(ascii: ".") }
            if !isDot { count += 1 }
        }
        return max(0, count - 1)  // the directory handle itself
    }
}

/// Reads a file of at most 64 KiB (a `/proc` file: its size is reported as 0).
func readSmallFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while bytes.count < 65536 {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self)
}
