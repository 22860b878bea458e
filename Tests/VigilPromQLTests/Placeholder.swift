import Testing
@testable import VigilPromQL
