/// Seeded sampling without replacement.
///
/// Why selection sampling (Knuth, *TAOCP* vol. 2, §3.4.2, Algorithm S): it visits the
/// population once in order and returns a sorted subset, so a bag of rows keeps the
/// memory order of the data (good for the histogram loops) and needs no shuffle buffer.
enum Sampling {
    /// `size` distinct positions of `0..<population`, ascending, each subset equally likely.
    ///
    /// - Complexity: O(population).
    static func orderedSubset(of population: Int, size: Int, using generator: inout SeededGenerator) -> [Int] {
        var chosen = [Int]()
        chosen.reserveCapacity(max(0, min(size, population)))
        split(population, size: size, using: &generator) { position, selected in
            if selected { chosen.append(position) }
        }
        return chosen
    }

    /// Visits `0..<population` in order, telling `visit` whether each position is among
    /// `size` positions chosen uniformly without replacement.
    ///
    /// - Complexity: O(population), one draw per position until the sample is full.
    static func split(
        _ population: Int, size: Int, using generator: inout SeededGenerator, _ visit: (Int, Bool) -> Void
    ) {
        var needed = max(0, min(size, population))
        for position in 0..<population {
            let left = population - position
            let take = needed > 0 && (needed == left || generator.nextDouble() * Double(left) < Double(needed))
            if take { needed -= 1 }
            visit(position, take)
        }
    }
}
