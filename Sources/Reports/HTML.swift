import Foundation
import PrescreenCore

/// HTML building blocks shared by report.html and index.html: escaping and the page frame.
enum HTML {
    /// Text made safe for element content and quoted attribute values.
    ///
    /// File names, messages and ids are untrusted (an attachment may be named `<script>…`).
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A relative URL for a path of our own making, each segment percent-encoded.
    static func href(_ segments: [String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = segments.map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return escape(encoded.joined(separator: "/"))
    }

    /// A whole self-contained page: UTF-8, zh-CN, inline CSS, no external resources; `script`, when given, is
    /// inlined at the end of the body (index.html's filter and sort; the reports and the notice have none).
    static func page(title: String, body: String, script: String? = nil) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        \(body)\(script.map { "\n<script>\n\($0)\n</script>" } ?? "")
        </body>
        </html>

        """
    }

    /// The status badge: 通过 pass / 需修改 flagged / 出错 error / 已移除 removed.
    static func badge(_ key: String, chinese: String) -> String {
        "<span class=\"badge \(escape(key))\">\(escape(chinese)) <span class=\"en\">\(escape(key))</span></span>"
    }

    private static let css = """
        body { font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif;
               margin: 1.5em auto; max-width: 1200px; padding: 0 1em; color: #222; line-height: 1.5; }
        h1 { font-size: 1.5em; margin-bottom: .2em; }
        h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 2px solid #ddd; }
        .en { color: #777; font-size: .85em; font-weight: normal; }
        .badge { display: inline-block; padding: .1em .6em; border-radius: .8em; font-weight: bold; color: #fff; }
        .badge .en { color: #f4f4f4; }
        .badge.pass { background: #2e7d32; } .badge.flagged { background: #c62828; }
        .badge.error { background: #6a1b9a; } .badge.removed { background: #757575; }
        .counts span { margin-right: 1.2em; }
        table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
        th, td { border: 1px solid #ccc; padding: .35em .5em; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        tr.violation td:first-child { border-left: 4px solid #c62828; }
        tr.warning td:first-child { border-left: 4px solid #f9a825; }
        td.path { word-break: break-all; font-family: monospace; }
        td.num { text-align: right; }
        img.evidence { max-width: 360px; max-height: 240px; border: 1px solid #999; display: block; }
        code { background: #f3f3f3; padding: 0 .2em; }
        .muted { color: #888; }
        footer { margin-top: 2em; color: #888; font-size: .85em; }
        .meta { color: #444; margin: .2em 0; }
        form.filters { display: flex; flex-wrap: wrap; gap: .6em 1.4em; align-items: center; margin: .8em 0 .4em;
                       padding: .5em .8em; background: #f7f7f7; border: 1px solid #ddd; border-radius: 4px; }
        form.filters input { width: 18em; }
        table.index th button { font: inherit; font-weight: bold; background: none; border: 0; padding: 0;
                                cursor: pointer; text-align: left; }
        table.index th[aria-sort=ascending] button::after { content: " ▲"; }
        table.index th[aria-sort=descending] button::after { content: " ▼"; }
        table.index td { white-space: nowrap; }
        table.index td.rules { white-space: normal; }
        table.index td.rules .rule { white-space: nowrap; margin-right: .5em; font-size: .9em; }
        table.index td.rules code { font-size: .9em; }
        table.index td.rules code.violation { color: #b71c1c; }
        tr[hidden] { display: none; }
        table.findings { table-layout: fixed; }
        col.c-id { width: 3.2em; } col.c-page { width: 3.6em; } col.c-year { width: 7.5em; } col.c-evidence { width: 380px; }
        tr.group-head td { background: #f7f7f7; border-top: 2px solid #999; }
        tbody.violation tr.group-head td { border-left: 4px solid #c62828; }
        tbody.warning tr.group-head td { border-left: 4px solid #f9a825; }
        .fix { color: #0d47a1; }
        tr.fix td { background: #f1f6fd; }
        .path { word-break: break-all; font-family: monospace; }
        /* notice.html: the page handed to the applicant */
        .notice h1 { text-align: center; font-size: 1.7em; letter-spacing: .2em; }
        .notice .doc { margin: 1em 0 1.4em; padding: .4em .8em; border: 1px solid #bbb; border-radius: 4px; }
        .notice .doc h3 { margin: .2em 0 .4em; font-size: 1.05em; }
        .notice .item { margin: .5em 0 .8em; }
        .notice .item p { margin: .2em 0; }
        .notice figure { display: inline-block; margin: .3em .6em .3em 0; vertical-align: top; }
        .notice figure img { max-width: 320px; max-height: 220px; border: 1px solid #999; display: block; }
        .notice figcaption { font-size: .85em; color: #555; }
        .notice .sign { margin-top: 2.5em; display: flex; justify-content: space-between; }
        @page { size: A4; margin: 14mm 12mm; }
        @media print {
          body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; color: #000; }
          .noprint { display: none !important; }
          a { color: inherit; text-decoration: none; }
          .en { color: #555; }
          h2 { break-after: avoid; }
          thead { display: table-header-group; }
          tr, img, figure, .item { break-inside: avoid; }
          .badge { color: #000; border: 1px solid #000; background: none !important; }
          .badge .en { color: #000; }
          col.c-evidence { width: 62mm; }
          img.evidence { max-width: 60mm; max-height: 42mm; }
          .notice figure img { max-width: 80mm; max-height: 55mm; }
          th, td { padding: .2em .35em; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        """
}
