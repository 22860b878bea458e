import Testing
@testable import VigilScrape
