/// A first-in first-out queue of patient references (an array and a moving head).
struct PatientQueue {
    private var items: [UInt64] = []
    private var head = 0

    /// Patients waiting in this queue.
    var count: Int { items.count - head }
    var isEmpty: Bool { head == items.count }
    /// The longest-waiting patient, if any.
    var first: UInt64? { isEmpty ? nil : items[head] }

    mutating func append(_ patient: UInt64) { items.append(patient) }

    /// Removes and returns the longest-waiting patient.
    mutating func removeFirst() -> UInt64? {
        guard !isEmpty else { return nil }
        let patient = items[head]
        head += 1
        if head >= 1024 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return patient
    }
}
