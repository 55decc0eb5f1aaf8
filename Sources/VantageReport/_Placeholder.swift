enum _VantageReportPlaceholder {}
