import Testing
@testable import VantageReport

/// Numbers are formatted by hand (no locale): exact decimals, signs, grouping.
@Suite struct NumberTextTests {
    @Test(arguments: [
        (0.9531, 3, "0.953"), (0.0705, 3, "0.071"), (-0.0004, 3, "0.000"), (-1.25, 1, "-1.3"),
        (12.0, 0, "12"), (0.5, 0, "1"), (1e20, 2, "1e+20"),
    ])
    func fixed(_ x: Double, _ d: Int, _ text: String) {
        #expect(NumberText.fixed(x, d) == text)
    }

    @Test func signedGroupedAndSpecial() {
        #expect(NumberText.signed(0.071, 3) == "+0.071")
        #expect(NumberText.signed(-0.0001, 3) == "0.000")
        #expect(NumberText.signed(1_234_567.4, 0, grouped: true) == "+1,234,567")
        #expect(NumberText.count(300_000) == "300,000")
        #expect(NumberText.count(-1_000) == "-1,000")
        #expect(NumberText.percent(0.0121, 2) == "1.21%")
        #expect(NumberText.fixed(.nan, 2) == "n/a")
        #expect(NumberText.interval([-0.004, 0.008], 3, signed: true) == "[-0.004, +0.008]")
        #expect(NumberText.interval([], 3, signed: true) == "")
        #expect(NumberText.coordinate(12.04) == "12")
        #expect(NumberText.coordinate(12.06) == "12.1")
    }

    @Test(arguments: [(0.0, "0 s"), (45.0, "45 s"), (750.0, "12.5 min"), (10_800.0, "3 h"), (181_440.0, "2.1 d"), (34_560_000.0, "400 d")])
    func ages(_ seconds: Double, _ text: String) {
        #expect(TimeText.age(seconds) == text)
    }
}
