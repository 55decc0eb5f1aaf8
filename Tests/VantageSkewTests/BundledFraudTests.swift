// The committed fraud scenario's served log: `txn` served about 30 s behind with 1 %
// timeouts, `merchant_risk` from a batch a day late, `card_profile` as declared.
import Foundation
import Testing
import VantageCore
@testable import VantageSkew

@Suite("bundled fraud served log")
struct BundledFraudTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("datasets/fraud").path

    @Test func findsWhatWasPlanted() throws {
        let spec = try SpecDecoder.load(path: Self.folder + "/spec.yaml")
        let r = try SkewRun.compute(spec: spec, served: .csv(path: Self.folder + "/served.csv"))
        #expect(r.rows == 3000)
        let txn = try #require(r.view("txn"))
        #expect(txn.flag == .staler)
        let lag = try FreshnessLevel(parsing: txn.effective)
        #expect(lag.mode == .lag && lag.every.approximateSeconds >= 15 && lag.every.approximateSeconds <= 60, "\(txn.effective)")
        // 1 % of requests time out: every txn column served null there.
        let count = try #require(r.feature("txn__count_1d"))
        #expect(count.servedNull >= 15 && count.servedNull <= 50, "\(count.servedNull)")
        let merchant = try #require(r.view("merchant_risk"))
        #expect(merchant.flag == .staler)
        #expect(merchant.bestSchedule == "cadence-1d loaded 1d late")
        let extra = try #require(merchant.extraAgeSeconds)
        #expect(extra > 0.75 * 86_400 && extra < 1.25 * 86_400, "\(extra)")
        let card = try #require(r.view("card_profile"))
        #expect(card.flag == .ok && card.effective == "cadence-1d" && card.matchRateDeclared >= 0.99)
    }
}
