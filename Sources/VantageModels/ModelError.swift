/// Every failure `VantageModels` reports.
///
/// Each case carries the offending value and renders as one lowercase, actionable
/// message. The enum is `Equatable` so tests compare errors exactly. Models never
/// print: the caller maps these to diagnostics and exit codes.
public enum ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Columns of a feature matrix disagree in length, or names and columns disagree in count.
    case shape(String)
    /// Two arrays that must be aligned row by row have different lengths.
    case lengthMismatch(what: String, expected: Int, got: Int)
    /// A row index outside `0..<rowCount`.
    case rowOutOfRange(index: Int, rowCount: Int)
    /// Fitting or evaluating needs at least one row.
    case empty(String)
    /// A label that the objective cannot use (not finite, or not 0/1 for a binary objective).
    case invalidLabel(row: Int, value: Double, expected: String)
    /// A prediction that a metric cannot score (not finite).
    case invalidPrediction(row: Int, value: Double)
    /// Binary fitting needs both classes among the training labels.
    case singleClass(label: Double)
    /// A parameter outside its allowed range.
    case invalidParameter(name: String, value: String, expected: String)
    /// A metric name that is not one of `Metric.allNames`.
    case unknownMetric(String)
    /// Prediction rows carry different features from the ones the model was trained on.
    case featureMismatch(expected: [String], got: [String])

    public var description: String {
        switch self {
        case let .shape(message):
            return "feature matrix: \(message)"
        case let .lengthMismatch(what, expected, got):
            return "\(what): expected \(expected) values (one per row), got \(got)"
        case let .rowOutOfRange(index, rowCount):
            return "row index \(index) is outside 0..<\(rowCount)"
        case let .empty(what):
            return "\(what): no rows; select at least one row"
        case let .invalidLabel(row, value, expected):
            return "label at row \(row) is \(value); expected \(expected)"
        case let .invalidPrediction(row, value):
            return "prediction at row \(row) is \(value); expected a finite number"
        case let .singleClass(label):
            return "every training label is \(label); binary models need both 0 and 1 in the training rows"
        case let .invalidParameter(name, value, expected):
            return "parameter \(name) = \(value): expected \(expected)"
        case let .unknownMetric(name):
            let known = Metric.allNames.joined(separator: ", ")
            if let near = closestName(to: name, among: Metric.allNames) {
                return "unknown metric '\(name)' (did you mean '\(near)'?); known metrics: \(known)"
            }
            return "unknown metric '\(name)'; known metrics: \(known)"
        case let .featureMismatch(expected, got):
            return "features \(got) differ from the training features \(expected); "
                + "predict on a matrix with the same feature names in the same order"
        }
    }
}
