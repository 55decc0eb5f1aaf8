/// A binary min-heap of discharge times (the beds in use at one hospital).
///
/// - Complexity: O(log n) push and pop, O(1) `min`.
struct DischargeHeap {
    private var items: [Int64] = []

    var count: Int { items.count }
    /// The earliest discharge.
    var min: Int64? { items.first }

    mutating func push(_ time: Int64) {
        items.append(time)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if items[parent] <= items[child] { break }
            items.swapAt(parent, child)
            child = parent
        }
    }

    /// Removes and returns the earliest discharge.
    mutating func popMin() -> Int64? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count && items[left] < items[smallest] { smallest = left }
                if right < items.count && items[right] < items[smallest] { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }
}
