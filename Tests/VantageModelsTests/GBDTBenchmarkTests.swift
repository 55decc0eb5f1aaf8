// Timing harness, skipped unless VANTAGE_MODELS_BENCH is set. Run in release:
//   VANTAGE_MODELS_BENCH=1 swift test -c release -Xswiftc -enable-testing \
//     --scratch-path .build-models --filter GBDTBenchmark
// Prints training and prediction times for 300k rows × 20 features (override with
// VANTAGE_MODELS_BENCH_ROWS).
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import VantageModels

/// Wall time and process CPU time (user + system) of `body`; CPU time shows the work done
/// even when other tenants share the cores.
func benchMeasure(_ body: () throws -> Void) rethrows -> String {
    func cpu() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
    let clock = ContinuousClock()
    let cpuStart = cpu()
    let wall = try clock.measure(body)
    let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
    return String(format: "%.2f s wall, %.2f s CPU", seconds, cpu() - cpuStart)
}

@Suite("GBDT benchmark", .enabled(if: ProcessInfo.processInfo.environment["VANTAGE_MODELS_BENCH"] != nil))
struct GBDTBenchmarkTests {
    @Test func train300kBy20() throws {
        let n = Int(ProcessInfo.processInfo.environment["VANTAGE_MODELS_BENCH_ROWS"] ?? "") ?? 300_000
        var g = SeededGenerator(seed: 1)
        var columns = [[Double]](repeating: [], count: 20)
        for f in 0..<20 { columns[f].reserveCapacity(n) }
        var labels = [Double]()
        labels.reserveCapacity(n)
        for _ in 0..<n {
            var logit = -3.0
            for f in 0..<20 {
                var x = TestData.gaussian(&g)
                if f % 5 == 0 && g.nextDouble() < 0.1 { x = .nan }
                columns[f].append(x)
                if !x.isNaN && f < 8 { logit += (f % 2 == 0 ? 0.6 : -0.4) * x + (f == 1 ? 0.5 * x * x : 0) }
            }
            labels.append(TestData.bernoulli(TestData.sigmoid(logit), &g))
        }
        let matrix = try FeatureMatrix(featureNames: (0..<20).map { "f\($0)" }, columns: columns)
        for (label, parameters) in [
            ("300 rounds, no early stopping", GBDTParameters(earlyStoppingRounds: 0, validationFraction: 0)),
            ("default (early stopping on last 10 %)", GBDTParameters()),
            ("bagging 0.8, features 0.8", GBDTParameters(featureFraction: 0.8, baggingFraction: 0.8, earlyStoppingRounds: 0)),
        ] {
            var model: GBDTModel?
            let fit = benchMeasure { model = try? GBDTModel.fit(parameters: parameters, train: matrix.allRows, labels: labels) }
            guard let model else { Issue.record("fit failed"); return }
            var p = [Double]()
            let predict = benchMeasure { p = (try? model.predict(matrix)) ?? [] }
            let auc = try Metric.rocAUC.evaluate(labels: labels, predictions: p)
            print("GBDT \(n)×20, \(label): fit \(fit), \(model.treeCount) trees; predict \(predict); train AUC \(auc)")
        }
        var model: LinearModel?
        let fit = benchMeasure { model = try? LinearModel.fit(objective: .logistic, train: matrix.allRows, labels: labels) }
        print("Logistic \(n)×20 (+4 indicators): fit \(fit), \(model?.iterations ?? 0) Newton iterations")
        let a = try GBDTModel.fit(parameters: GBDTParameters(numRounds: 50), train: matrix.allRows, labels: labels)
        let pa = try a.predict(matrix), pb = try model.map { try $0.predict(matrix) } ?? pa
        let boot = benchMeasure {
            _ = try? PairedBootstrap(resamples: 1000, seed: 1).compare(labels: labels, predictionsA: pa, predictionsB: pb, metric: .rocAUC)
        }
        print("Paired bootstrap, 1000 resamples of \(n) rows, roc_auc: \(boot)")
    }
}
