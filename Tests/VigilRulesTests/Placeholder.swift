import Testing
@testable import VigilRules
