import VigilConfig

/// Every dashboard of one configuration, by uid. Built again on each config reload; a
/// catalog that fails to build leaves the previous one serving.
public struct DashboardCatalog: Sendable {
    /// Dashboards in the order written: inline ones first, then files in glob order.
    public private(set) var dashboards: [Dashboard]
    private var byUID: [String: Int]

    /// An empty catalog.
    public init() {
        dashboards = []
        byUID = [:]
    }

    /// A catalog of already-decoded dashboards; a repeated uid is an error.
    public init(_ dashboards: [Dashboard]) throws(DashboardError) {
        var problems: [DashboardError.Problem] = []
        var byUID: [String: Int] = [:]
        for (index, dashboard) in dashboards.enumerated() {
            if let first = byUID[dashboard.uid] {
                let other = dashboards[first].location.map { " (first at \($0))" } ?? ""
                problems.append(.init("dashboard uid \"\(dashboard.uid)\" is used twice\(other); set \"uid\" to tell them apart", at: dashboard.location))
            } else {
                byUID[dashboard.uid] = index
            }
        }
        guard problems.isEmpty else { throw DashboardError(problems: problems) }
        self.dashboards = dashboards
        self.byUID = byUID
    }

    /// Decodes the config's inline `dashboards:` entries and the roots of the files its
    /// `dashboard_files` globs matched (parsed to nodes by VigilConfig), reporting the
    /// problems of all of them together.
    public static func decode(inline: [ConfigNode], files: [ConfigNode], checkQuery: QueryCheck? = nil) throws(DashboardError) -> DashboardCatalog {
        var problems: [DashboardError.Problem] = []
        var dashboards: [Dashboard] = []
        for node in inline {
            do { dashboards.append(try DashboardDecoder.decode(node, checkQuery: checkQuery)) } catch { problems += error.problems }
        }
        for node in files {
            do { dashboards += try DashboardDecoder.decodeFile(node, checkQuery: checkQuery) } catch { problems += error.problems }
        }
        guard problems.isEmpty else { throw DashboardError(problems: problems) }
        return try DashboardCatalog(dashboards)
    }

    /// The dashboard with `uid`.
    public subscript(uid: String) -> Dashboard? {
        byUID[uid].map { dashboards[$0] }
    }

    /// Every tag used, sorted.
    public var tags: [String] {
        Array(Set(dashboards.flatMap(\.tags))).sorted()
    }
}
