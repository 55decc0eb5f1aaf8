#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Minimises `Σᵢ loss(yᵢ, b + zᵢ·β) + λ/2 ‖β‖²` (intercept `b` unpenalised) by Newton's
/// method with a backtracking line search; for the logistic loss this is IRLS.
///
/// Why Newton: with fewer than a few hundred design columns the Hessian is cheap to form
/// and factor, and Newton converges quadratically to machine precision in a handful of
/// iterations, with no learning rate to tune and a deterministic result. The objective is
/// strictly convex for `λ > 0`, so the Armijo-damped iteration (Boyd & Vandenberghe,
/// *Convex Optimization*, §9.5) always converges. Squared loss converges in one step.
///
/// Stopping rule: half the squared Newton decrement `½ gᵀH⁻¹g`, an estimate of the gap
/// to the optimum, falls below `tolerance · (1 + |f|)`; that last full step is still
/// taken, since near the optimum it squares the remaining error.
struct NewtonSolver {
    /// The standardised design, column-major (`d` columns of `n` values).
    let design: [Double]
    let labels: [Double]
    let n: Int
    let d: Int
    /// The L2 penalty `λ = 1 / C`.
    let lambda: Double
    /// Logistic loss when true, half squared error when false.
    let logistic: Bool

    /// The fitted coefficients and how the iteration ended.
    struct Solution {
        var weights: [Double]
        var intercept: Double
        var iterations: Int
        var converged: Bool
    }

    /// Row chunks for the Hessian: a fixed count, so the summation order (and the result)
    /// does not depend on the number of cores.
    private static let chunkCount = 16

    func solve(initialIntercept: Double, maxIterations: Int, tolerance: Double) -> Solution {
        var theta = [Double](repeating: 0, count: d + 1)
        theta[d] = initialIntercept
        var eta = [Double](repeating: initialIntercept, count: n)
        var objective = value(eta: eta, theta: theta)
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            let (gradient, hessian) = derivatives(eta: eta, theta: theta)
            guard let newton = Cholesky.solve(hessian, gradient, dimension: d + 1) else { break }
            let step = newton.map { -$0 }
            let slope = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }  // = −decrement²
            if -slope / 2 <= tolerance * (1 + abs(objective)) {
                // Inside the quadratic region: the full step squares the remaining error.
                for j in 0...d { theta[j] += step[j] }
                return Solution(weights: Array(theta[0..<d]), intercept: theta[d], iterations: iterations, converged: true)
            }
            let direction = linearPredictor(step, intercept: step[d])
            var t = 1.0
            var trialEta = eta
            var trialTheta = theta
            var trialObjective = Double.infinity
            while t > 1e-12 {
                for i in 0..<n { trialEta[i] = eta[i] + t * direction[i] }
                for j in 0...d { trialTheta[j] = theta[j] + t * step[j] }
                trialObjective = value(eta: trialEta, theta: trialTheta)
                if trialObjective <= objective + 0.25 * t * slope { break }
                t /= 2
            }
            guard trialObjective.isFinite, trialObjective <= objective else { break }
            eta = trialEta
            theta = trialTheta
            objective = trialObjective
        }
        return Solution(weights: Array(theta[0..<d]), intercept: theta[d], iterations: iterations, converged: false)
    }

    /// `intercept + Z · weights[0..<d]` for every row.
    /// - Complexity: O(n · d).
    func linearPredictor(_ weights: [Double], intercept: Double) -> [Double] {
        var eta = [Double](repeating: intercept, count: n)
        design.withUnsafeBufferPointer { z in
            eta.withUnsafeMutableBufferPointer { eta in
                for j in 0..<d where weights[j] != 0 {
                    let w = weights[j], base = j * n
                    for i in 0..<n { eta[i] += w * z[base + i] }
                }
            }
        }
        return eta
    }

    /// The penalised objective at linear predictor `eta` and coefficients `theta`.
    private func value(eta: [Double], theta: [Double]) -> Double {
        var loss = 0.0
        for i in 0..<n {
            if logistic {
                let e = eta[i]
                let softplus = e > 0 ? e + log1p(exp(-e)) : log1p(exp(e))
                loss += softplus - labels[i] * e
            } else {
                loss += 0.5 * (eta[i] - labels[i]) * (eta[i] - labels[i])
            }
        }
        var penalty = 0.0
        for j in 0..<d { penalty += theta[j] * theta[j] }
        return loss + 0.5 * lambda * penalty
    }

    /// The gradient and the Hessian (row-major, `(d + 1)²`, intercept last).
    /// - Complexity: O(n · d²), over row chunks in parallel.
    private func derivatives(eta: [Double], theta: [Double]) -> ([Double], [Double]) {
        var residual = [Double](repeating: 0, count: n)
        var curvature = [Double](repeating: 1, count: n)
        for i in 0..<n {
            if logistic {
                let p = 1 / (1 + exp(-eta[i]))
                residual[i] = p - labels[i]
                curvature[i] = p * (1 - p)
            } else {
                residual[i] = eta[i] - labels[i]
            }
        }
        let size = d + 1
        let ranges = Parallel.ranges(n, parts: Self.chunkCount)
        var partials = [Double](repeating: 0, count: ranges.count * (size * size + size))
        let d = self.d, n = self.n
        design.withUnsafeBufferPointer { z in
            residual.withUnsafeBufferPointer { r in
                curvature.withUnsafeBufferPointer { w in
                    partials.withUnsafeMutableBufferPointer { out in
                        let shared = SharedMutableBuffer(out)  // chunk c owns its own block
                        let (z, r, w) = (SharedReadBuffer(z), SharedReadBuffer(r), SharedReadBuffer(w))
                        Parallel.forEach(ranges.count) { c in
                            let base = c * (size * size + size)
                            for block in stride(from: ranges[c].lowerBound, to: ranges[c].upperBound, by: 2048) {
                                let rows = block..<min(block + 2048, ranges[c].upperBound)
                                for j in 0..<d {
                                    let zj = j * n
                                    var g = 0.0, hb = 0.0
                                    for i in rows { g += r[i] * z[zj + i]; hb += w[i] * z[zj + i] }
                                    shared[base + size * size + j] += g
                                    shared[base + j * size + d] += hb
                                    for k in j..<d {
                                        let zk = k * n
                                        var h = 0.0
                                        for i in rows { h += w[i] * z[zj + i] * z[zk + i] }
                                        shared[base + j * size + k] += h
                                    }
                                }
                                var g = 0.0, hb = 0.0
                                for i in rows { g += r[i]; hb += w[i] }
                                shared[base + size * size + d] += g
                                shared[base + d * size + d] += hb
                            }
                        }
                    }
                }
            }
        }
        var hessian = [Double](repeating: 0, count: size * size)
        var gradient = [Double](repeating: 0, count: size)
        for c in ranges.indices {  // fixed order: deterministic sums
            let base = c * (size * size + size)
            for j in 0..<size {
                gradient[j] += partials[base + size * size + j]
                for k in j..<size { hessian[j * size + k] += partials[base + j * size + k] }
            }
        }
        for j in 0..<size {
            for k in j..<size { hessian[k * size + j] = hessian[j * size + k] }
        }
        for j in 0..<d {
            gradient[j] += lambda * theta[j]
            hessian[j * size + j] += lambda
        }
        return (gradient, hessian)
    }
}
