/// A card's transactions on one day (an entry of the 30-day ring).
struct CardDay {
    var cards: [Int32] = []
    var counts: [Int32] = []
    var sums: [Int64] = []
}
