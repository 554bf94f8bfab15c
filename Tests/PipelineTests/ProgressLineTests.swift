import Pipeline
import Testing

/// The terminal's progress line: pages and an estimate of the time left, and never wider than the terminal,
/// counting Chinese characters as two columns (a line that wraps leaves stale lines behind on every redraw).
struct ProgressLineTests {
    @Test func wideCharactersCountTwoColumns() {
        #expect(DisplayWidth.columns("AKS-0001") == 8)
        #expect(DisplayWidth.columns("申请人") == 6)
        #expect(DisplayWidth.columns("张伟（阿克苏）") == 14, "full-width brackets are wide too")
        #expect(DisplayWidth.columns("e\u{301}") == 1, "a combining accent takes no column")
        #expect(DisplayWidth.columns("𠀀") == 2)
    }

    @Test func cutLinesFitTheirWidthExactly() {
        let s = "申请人张伟的材料AKS-0001"
        for width in 1...30 {
            let cut = DisplayWidth.truncated(s, to: width)
            #expect(DisplayWidth.columns(cut) <= width, "\(width): \(cut)")
        }
        #expect(DisplayWidth.truncated(s, to: 40) == s)
        #expect(DisplayWidth.truncated(s, to: 7) == "申请..", "a wide character that does not fit whole is left out")
    }

    @Test(arguments: [20, 40, 60, 80, 120])
    func theLineFitsTheTerminal(width: Int) {
        var s = ProgressLine.State()
        s.applicants = 120
        s.applicantsDone = 37
        s.applicantsAdmitted = 40
        s.pagesDone = 900
        s.pagesKnown = 1000
        s.last = "阿克苏地区第一人民医院-张伟-正高级工程师申报材料 flagged 183s"
        let line = ProgressLine.render(s, elapsedSeconds: 600, width: width)
        #expect(DisplayWidth.columns(line) <= width - 1, "\(width): \(line)")
        // Only ASCII and wide characters: nothing East Asian 'ambiguous' (█, ·) that a CJK terminal draws two wide.
        #expect(!line.contains("█") && !line.contains("·"))
        if width >= 60 { #expect(line.contains("900/1000页") && line.contains("约剩")) }
    }

    @Test func theEstimateCountsTheApplicantsNotYetStarted() {
        var s = ProgressLine.State()
        s.applicants = 10
        s.applicantsAdmitted = 2
        s.pagesKnown = 40
        s.pagesDone = 20
        // 40 pages for 2 applicants: ~200 for 10; 20 done in 60 s -> 180 left at 3 s a page = 9 minutes.
        #expect(ProgressLine.eta(s, elapsedSeconds: 60) == "9分0秒")
        s.pagesDone = 2
        #expect(ProgressLine.eta(s, elapsedSeconds: 60) == nil, "too early to tell")
        #expect(ProgressLine.duration(45) == "45秒")
        #expect(ProgressLine.duration(3725) == "1小时2分")
    }
}
