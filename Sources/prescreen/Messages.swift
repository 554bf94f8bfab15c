import Foundation

/// The command line's own messages, in Chinese with the English an engineer searches for beside it. Each names
/// the path or value, the cause, and the one thing to do.
enum Messages {
    /// `--jobs` that is not a whole number of 1 or more (`--jobs -3`, `--jobs 0`, `--jobs two`).
    static func badJobs(_ value: String) -> String {
        "--jobs \(value)：工作数必须是 1 或以上的整数，如 --jobs 2；不写 --jobs 时等于 CPU 核数 "
            + "(--jobs must be a whole number of 1 or more)"
    }

    /// Why ROOT cannot be scanned, told apart: missing, a file, or something else that is not a folder.
    static func rootProblem(_ root: String) -> String? {
        var st = stat()
        guard stat(root, &st) == 0 else {
            if errno == ENOENT || errno == ENOTDIR {
                return "ROOT '\(root)' 不存在：请检查路径是否写对；ROOT 是一位申请人的文件夹（含 applicant.yml）或多个申请人文件夹的上级目录 "
                    + "(ROOT does not exist; check the path)"
            }
            return "ROOT '\(root)' 无法访问：\(String(cString: strerror(errno)))；请检查其权限 (ROOT cannot be examined; check its permissions)"
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            return nil
        case S_IFREG:
            return "ROOT '\(root)' 是一个文件，不是文件夹：请给出申请人文件夹（含 applicant.yml）或其上级目录，而不是其中的文件 "
                + "(ROOT is a file, not a folder; pass the folder that holds it)"
        default:
            return "ROOT '\(root)' 不是文件夹（而是设备或管道等特殊文件）：请给出申请人文件夹或其上级目录 "
                + "(ROOT is a special file, not a folder)"
        }
    }

    /// `--out` names an existing file.
    static func outIsAFile(_ out: String) -> String {
        "--out '\(out)' 是一个已有的文件，不是文件夹：请给出报告目录（不存在时会自动创建）(--out is a file; name a folder)"
    }

    /// `--out` inside ROOT: the input tree is never written to.
    static func outInsideRoot(out: String, root: String) -> String {
        "--out '\(out)' 在 ROOT '\(root)' 之内：申报材料目录不会被写入，请把报告目录放在 ROOT 之外，如 --out /srv/prescreen-reports "
            + "(--out must not be inside ROOT: the input tree is never written to)"
    }

    /// A parser error: ours are already in Chinese; swift-argument-parser's own (unknown option, missing
    /// argument) get a Chinese sentence first, and the usage lines stay as they are.
    static func usage(_ full: String) -> String {
        let firstLine = full.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? full
        if firstLine.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) { return full }
        let lead: String
        if let name = capture(#"Missing expected argument '([^']+)'"#, in: firstLine) {
            lead = "缺少 \(name)：请补上它"
        } else if let name = capture(#"Unknown option '([^']+)'"#, in: firstLine) {
            lead = "没有 \(name) 这个选项：请检查拼写"
        } else if let name = capture(#"Missing value for '([^']+)'"#, in: firstLine) {
            lead = "\(name) 后面缺少值：请在它后面写上值"
        } else if let value = capture(#"The value '([^']*)' is invalid for"#, in: firstLine) {
            lead = "值 '\(value)' 无效：请按下面的用法改正"
        } else if let name = capture(#"Unexpected argument '([^']+)'"#, in: firstLine) {
            lead = "多余的参数 \(name)：请删去它，或检查引号"
        } else {
            lead = "命令行有误：请按下面的用法改正"
        }
        return "prescreen: \(lead)；运行 prescreen help 查看全部命令与选项 (usage error)\n\(full)"
    }

    private static func capture(_ pattern: String, in text: String) -> String? {
        guard let re = try? NSRegularExpression(pattern: pattern),
              let m = re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), m.numberOfRanges > 1,
              let r = Range(m.range(at: 1), in: text)
        else { return nil }
        return String(text[r])
    }
}
