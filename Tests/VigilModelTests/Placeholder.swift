import Testing
@testable import VigilModel
