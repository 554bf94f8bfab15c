/// The one-line progress display of a scan on a terminal: applicants and pages done, an estimate of the time left,
/// the last applicant finished; cut to the terminal's width in columns (``DisplayWidth``), so it never wraps and
/// never leaves a stale line behind.
public enum ProgressLine {
    /// What the line shows.
    public struct State: Sendable, Hashable {
        public var applicantsDone = 0
        public var applicants = 0
        /// Applicants taken up so far (checked or found unchanged): the pages known are theirs.
        public var applicantsAdmitted = 0
        public var pagesDone = 0
        /// Pages known to be read: one per attachment until its first page tells how many it has.
        public var pagesKnown = 0
        /// The last applicant finished and its status, e.g. `AKS-0003 flagged`.
        public var last = ""

        public init() {}
    }

    /// `[######--------------] 3/10人 45/120页 约剩3分20秒 AKS-0003 flagged`, at most `width - 1` columns (the
    /// last column stays free: some terminals wrap on it).
    public static func render(_ s: State, elapsedSeconds: Double, width: Int) -> String {
        var parts: [String] = []
        let barWidth = width >= 72 ? 20 : (width >= 50 ? 10 : 0)
        let total = estimatedPages(s)
        let fraction = total > 0 ? Double(s.pagesDone) / Double(total)
            : (s.applicants > 0 ? Double(s.applicantsDone) / Double(s.applicants) : 0)
        if barWidth > 0 {
            let filled = max(0, min(barWidth, Int((fraction * Double(barWidth)).rounded(.down))))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "]")
        }
        parts.append("\(s.applicantsDone)/\(s.applicants)人")
        if s.pagesKnown > 0 { parts.append("\(s.pagesDone)/\(s.pagesKnown)页") }
        if let eta = eta(s, elapsedSeconds: elapsedSeconds) { parts.append("约剩" + eta) }
        if !s.last.isEmpty { parts.append(s.last) }
        return DisplayWidth.truncated(parts.joined(separator: " "), to: max(1, width - 1))
    }

    /// The pages of the whole batch, estimated: those known, plus the applicants not yet taken up at the average of
    /// those that were.
    static func estimatedPages(_ s: State) -> Int {
        guard s.applicantsAdmitted > 0 else { return s.pagesKnown }
        let waiting = max(0, s.applicants - s.applicantsAdmitted)
        return s.pagesKnown + Int((Double(s.pagesKnown) / Double(s.applicantsAdmitted) * Double(waiting)).rounded())
    }

    /// The time left at the rate so far, once a few pages are done; nil before that or when nothing is left.
    public static func eta(_ s: State, elapsedSeconds: Double) -> String? {
        let total = estimatedPages(s)
        guard s.pagesDone >= 3, total > s.pagesDone, elapsedSeconds > 0 else { return nil }
        return duration(elapsedSeconds / Double(s.pagesDone) * Double(total - s.pagesDone))
    }

    /// 45秒, 3分20秒, 1小时5分.
    public static func duration(_ seconds: Double) -> String {
        let t = max(0, Int(seconds.rounded()))
        if t < 60 { return "\(t)秒" }
        if t < 3600 { return "\(t / 60)分\(t % 60)秒" }
        return "\(t / 3600)小时\(t % 3600 / 60)分"
    }
}
