import Foundation

/// What a command writes, and how a previous output of the same kind is recognised: only
/// such an output (or an empty folder) may be replaced without `--force`, so a typo in
/// `--out` never destroys an unrelated file or folder.
public enum OutputKind: Sendable, Equatable {
    /// A training set CSV (`vantage join`), recognised by `<out>.manifest.json` beside it.
    case joinCSV
    /// A sweep folder, recognised by its `sweep.json`.
    case sweepFolder
    /// A backtest (or demo) folder, recognised by its `backtest.json`.
    case backtestFolder
    /// A report folder, recognised by its `report.html`.
    case reportFolder
    /// A generated scenario folder, recognised by a `spec.yaml` written by the generator.
    case datasetFolder
    /// An exported notebook, recognised by the `.ipynb` name it already has.
    case notebookFile
    /// A train-serve skew folder (`vantage skew`), recognised by its `skew.json`.
    case skewFolder

    public var isFolder: Bool {
        switch self {
        case .joinCSV, .notebookFile: return false
        default: return true
        }
    }

    /// How the kind is named in messages.
    public var noun: String {
        switch self {
        case .joinCSV: return "training set written by 'vantage join' (with its .manifest.json)"
        case .sweepFolder: return "sweep folder (with sweep.json)"
        case .backtestFolder: return "backtest folder (with backtest.json)"
        case .reportFolder: return "report folder (with report.html)"
        case .datasetFolder: return "generated scenario folder (with its spec.yaml)"
        case .notebookFile: return "notebook (.ipynb)"
        case .skewFolder: return "skew folder (with skew.json)"
        }
    }

    /// True when `path` (which exists) holds a previous output of this kind, or an empty folder.
    public func recognises(_ path: String) -> Bool {
        let fm = FileManager.default
        switch (self, RealPath.kind(path)) {
        case (.joinCSV, .file):
            return RealPath.kind(path + ".manifest.json") == .file
        case (.notebookFile, .file):
            return path.hasSuffix(".ipynb")
        case (_, .folder) where isFolder:
            let entries = (try? fm.contentsOfDirectory(atPath: path)) ?? []
            if entries.isEmpty { return true }
            switch self {
            case .sweepFolder: return RealPath.kind(path + "/sweep.json") == .file
            case .backtestFolder: return RealPath.kind(path + "/backtest.json") == .file
            case .reportFolder: return RealPath.kind(path + "/report.html") == .file
            case .skewFolder: return RealPath.kind(path + "/skew.json") == .file
            case .datasetFolder:
                guard let head = try? FileBytes.read(path: path + "/spec.yaml").prefix(12) else { return false }
                return String(decoding: head, as: UTF8.self).hasPrefix("# Scenario \"")
            default: return false
            }
        default:
            return false
        }
    }
}
