import Testing
@testable import VigilStorage
