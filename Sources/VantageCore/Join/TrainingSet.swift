import Foundation

/// A point-in-time training set: the spine's columns as read, then every view's columns
/// (with `withAge`, each view followed by its `<view>__age_s`).
public struct TrainingSet: Sendable {
    public let spine: CSVTable
    public let views: [ViewOutput]
    public var ages: [FeatureColumn]?

    public init(spine: CSVTable, views: [ViewOutput], ages: [FeatureColumn]? = nil) {
        self.spine = spine
        self.views = views
        self.ages = ages
    }

    public var header: [String] {
        var h = spine.header
        for (i, v) in views.enumerated() {
            h += v.view.outputColumns
            if ages != nil, i >= 0 { h.append("\(v.view.name)__age_s") }
        }
        return h
    }

    public var featureColumns: [FeatureColumn] {
        var out = [FeatureColumn]()
        for (i, v) in views.enumerated() {
            out += v.columns
            if let ages { out.append(ages[i]) }
        }
        return out
    }

    public var rowCount: Int { spine.rowCount }
}
