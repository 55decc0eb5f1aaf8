/// A daily recurring charge at an exact time of day.
struct Subscription {
    var card: Int32
    var merchant: Int32
    var firstDay: Int
    var length: Int
    var timeOfDay: Int64
    var cents: Int32
}
