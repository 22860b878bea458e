import Testing
@testable import VigilDashboard
