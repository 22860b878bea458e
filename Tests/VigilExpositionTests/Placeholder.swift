import Testing
@testable import VigilExposition
