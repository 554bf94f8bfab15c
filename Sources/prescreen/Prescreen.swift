import ArgumentParser
import Foundation
import OCR
import Paddle
import Pipeline
import PipelineConfig
import PrescreenCore
import Reports
import StateStore

/// `prescreen`: pre-screens professional-title applications for blind review (CONTRACT.md, Command line).
@main
struct Prescreen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prescreen",
        abstract: "职称评审材料预审：盲审遮盖与必备材料检查 (pre-screens title applications for blind review).",
        version: ToolInfo.version,
        subcommands: [Scan.self, IndexCommand.self, RulesCommand.self, Worker.self])

    /// Parses, runs, and maps every outcome to the contract's exit codes: 0 pass, 1 flagged, 2 usage, 3 run failed.
    static func main() {
        OpenMPGuard.ensureSingleThreadedTesseract()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            // Help and --version are "errors" that exit 0; every other parse or validation error is usage (2).
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((Messages.usage(fullMessage(for: error)) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// Keeps tesseract's OpenMP threads at one per worker.
///
/// libgomp reads `OMP_THREAD_LIMIT` once, when it loads with the process, so setting it later does nothing
/// (docs/TOOLCHAIN.md: without it a page takes 18 s instead of 2.3 s on 2 cores). When it is unset, set it and
/// re-execute this same binary; a user who sets it explicitly keeps their value.
enum OpenMPGuard {
    static func ensureSingleThreadedTesseract() {
        guard getenv("OMP_THREAD_LIMIT") == nil else { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        // execv only returns on failure; then run on, slower but correct.
        _ = execv("/proc/self/exe", CommandLine.unsafeArgv)
    }
}

extension Prescreen {
    /// `prescreen scan ROOT --out DIR`.
    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "检查一个申请人文件夹或一批申请人文件夹，生成报告 (scan submissions and write reports).")

        @Argument(help: "一个申请人文件夹（含 applicant.yml），或多个申请人文件夹的上级文件夹 (ROOT).")
        var root: String

        @Option(name: .long, help: "报告输出目录 (where reports go; the input tree is never written to).")
        var out: String

        @Option(name: .long, help: "流程定义文件 (a pipeline YAML from Pipelines/; default: the built-in aksu-2024).")
        var pipeline: String?

        // `.unconditional`: `--jobs -3` reaches validate() and its Chinese message, instead of the parser taking
        // `-3` for an option and saying "Missing value"; a string so that `--jobs abc` does too.
        @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
            "并行工作数 (worker count; default: the number of cores).", valueName: "N"))
        var jobs: String?

        @Option(name: .long, help: "增量扫描状态文件 (incremental-scan state; default DIR/.prescreen-state.sqlite).")
        var state: String?

        @Flag(name: .long, help: "仅在有问题时输出 (print nothing unless something is flagged or failed; for cron).")
        var quiet = false

        @Flag(name: .long, help: "全部重新检查 (re-check every applicant).")
        var force = false

        @Option(name: .long, help: ArgumentHelp(
            "只检查第 K 份（共 N 份）的申请人，供多台机器分担；批次汇总由 prescreen index 生成 (only the applicants of shard K of N; no batch files: run prescreen index DIR).",
            valueName: "K/N"))
        var shard: String?

        @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp(
            "只重新检查这些申请人（申请人编号或文件夹名，可写多个），其他申请人的报告和汇总行保持不变 (re-check only these applicants, by applicant id or folder name; the others keep their reports and index rows).",
            valueName: "ID"))
        var only: [String] = []

        @Option(name: .long, help: ArgumentHelp(
            "运行日志文件（追加写入；含时间与级别，不含姓名和页面文字）(append a log with timestamps and levels; no names or page text).",
            valueName: "FILE"))
        var log: String?

        /// `--jobs` as a number (validate() has checked it).
        var jobCount: Int? { jobs.flatMap { Int($0) } }

        func validate() throws {
            if let jobs, (Int(jobs) ?? 0) < 1 {
                throw ValidationError(Messages.badJobs(jobs))
            }
            if let shard, case .failure(let error) = Shard.parse(shard) { throw ValidationError(error.message) }
            if let problem = Messages.rootProblem(root) { throw ValidationError(problem) }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: out, isDirectory: &isDir), !isDir.boolValue {
                throw ValidationError(Messages.outIsAFile(out))
            }
            if Self.isInside(out, root) {
                throw ValidationError(Messages.outInsideRoot(out: out, root: root))
            }
            if !only.isEmpty, shard != nil {
                throw ValidationError("--only 与 --shard 不能同时使用：--only 在整个批次中重新检查指定的申请人，请去掉 --shard "
                    + "(--only cannot be combined with --shard)")
            }
            if let log, Self.isInside(log, root) {
                throw ValidationError("--log '\(log)' 在 ROOT '\(root)' 之内：申报材料目录不会被写入，请把日志放在 ROOT 之外，"
                    + "如 /var/log/prescreen.log (--log must not be inside ROOT)")
            }
        }

        static func isInside(_ child: String, _ parent: String) -> Bool {
            let c = URL(fileURLWithPath: child).standardizedFileURL.resolvingSymlinksInPath().path
            let p = URL(fileURLWithPath: parent).standardizedFileURL.resolvingSymlinksInPath().path
            return c == p || c.hasPrefix(p.hasSuffix("/") ? p : p + "/")
        }

        func run() throws {
            if let log {
                do {
                    try Console.openLog(log)
                } catch {
                    Console.error("prescreen: 无法打开日志文件 \(log)：\(error.message)；请检查其目录是否存在、是否可写 "
                        + "(cannot open the log file)")
                    throw ExitCode(2)
                }
            }
            Console.logger?.info("scan started", metadata: [
                "root": "\(root)", "out": "\(out)", "jobs": "\(jobCount ?? ProcessInfo.processInfo.activeProcessorCount)",
                "only": "\(only.count)", "version": "\(ToolInfo.version)",
            ])
            let definition = try loadPipeline(pipeline)
            var options = ScanOptions(root: root, output: out, pipeline: definition,
                                      jobs: jobCount ?? ProcessInfo.processInfo.activeProcessorCount, quiet: quiet)
            options.only = only
            // Each shard has its own state and lock (validate() checked the value).
            options.shard = shard.flatMap { try? Shard.parse($0).get() }
            let statePath = state ?? options.shard.map { URL(fileURLWithPath: out).appendingPathComponent($0.stateName).path }
            var policy = ScanPolicy(statePath: statePath, incremental: true, force: force,
                                    isolation: .workerProcesses(executable: "/proc/self/exe"))
            // The state's lock before anything else: an overlapping cron run leaves at once (exit 75, silent
            // under --quiet) and touches nothing. The output folder is created only when it does not exist yet, and then no
            // other scan can be using it.
            let stateFile = policy.stateFile(output: out)
            do {
                // 0750 whatever the umask, like everything inside (reports quote personal data).
                try ReportWriter.createOutputFolder(out)
                try ReportWriter.createOutputFolder((stateFile as NSString).deletingLastPathComponent)
                policy.lock = try StateLock(statePath: stateFile)
                // A new split of the same DIR (another N): start from the state of an earlier shard K.
                if state == nil, let shard = options.shard {
                    do {
                        if let source = try shard.carryOverState(output: out) {
                            Console.error("prescreen: 分片状态由 \(source) 复制 (shard state carried over from \(source))")
                        }
                    } catch {
                        Console.error("prescreen: 未能复制旧的分片状态，从空状态开始 (no state carried over: \(error.message))")
                    }
                }
            } catch let e as StateError {
                if e.code == .busy {
                    if !quiet { Console.error("prescreen: \(e.message)") } else { Console.logger?.warning("\(e.message)") }
                    throw ExitCode(ExitStatus.busy)
                }
                Console.error("prescreen: \(e.message)")
                throw ExitCode(3)
            } catch let e as ReportError {
                Console.error("prescreen: \(e.message)")
                throw ExitCode(3)
            } catch {
                Console.error("prescreen: 无法准备输出目录 \(out)：\(error)；请检查磁盘空间和权限 "
                    + "(cannot prepare the output folder; check the disk and its permissions)")
                throw ExitCode(3)
            }
            let settings = definition.extraction
            // Fail fast when tesseract or its language data is missing, before any applicant is half-checked
            // (tesseract reads orientation and seal rings whichever engine reads the text), and when the
            // PP-OCR runtime or models are.
            do {
                _ = try TesseractRecognizer(languages: settings.languages)
            } catch {
                Console.error("prescreen: 文字识别引擎 tesseract 不可用，请运行 scripts/install-deps.sh 或 "
                    + "apt-get install tesseract-ocr-chi-sim tesseract-ocr-osd (OCR engine unusable: \(error))")
                throw ExitCode(3)
            }
            if settings.engine == .paddle {
                do {
                    _ = try PaddleRecognizer()
                } catch {
                    Console.error("prescreen: PP-OCR 文字识别不可用，请运行 \(PaddleModels.installHint) 安装 OpenVINO 与 "
                        + "PP-OCRv6 模型，或在流程文件中设 ocr.engine: tesseract (PP-OCR recognizer unusable: \(error))")
                    throw ExitCode(3)
                }
            }
            // Likewise the face cascades: without them every photo would silently pass as "no face".
            if let problem = VisionEngines.faceDetectorProblem {
                Console.error("prescreen: 人脸检测模型不可用，无法检查照片是否遮盖：请运行 scripts/install-deps.sh 或 "
                    + "apt-get install opencv-data (face cascades unusable: \(problem))")
                throw ExitCode(3)
            }
            // The trial engine's ~100 MB of small allocations would otherwise stay in the scan's heap all run.
            releaseFreedMemory()
            let progress = ProgressPrinter(quiet: quiet)
            let logger = Console.logger
            let scanner = BatchScanner(options: options, policy: policy,
                                       makeRecognizer: { try makeRecognizer(settings) },
                                       progress: { event in
                                           progress.handle(event)
                                           if let logger { ScanLog.record(event, to: logger) }
                                       })
            // A Result rather than a typed catch: Swift 6.3's SILGen crashes on the latter here.
            let outcome = Result { () throws(ScanError) -> BatchScanner.Summary in try scanner.run() }
            guard case .success(let summary) = outcome else {
                if case .failure(let error) = outcome {
                    Console.error("prescreen: \(error.message)")
                    throw ExitCode(error.kind == .usage ? 2 : 3)
                }
                return
            }
            SummaryPrinter(quiet: quiet, output: out, shard: options.shard).print(summary)
            let code: Int32 = summary.flaggedCount > 0 || summary.errorCount > 0 ? 1 : 0
            logger?.notice("scan finished", metadata: ScanLog.metadata(summary, exitCode: code))
            if code != 0 { throw ExitCode(code) }
        }
    }

    /// `prescreen _worker`: the hidden child-process side of crash isolation (one attachment at a time over
    /// stdin/stdout). Started by `scan`, never by people.
    struct Worker: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "_worker", shouldDisplay: false)

        @Option(name: .long, help: "the scan's process id")
        var parent: Int32

        func run() throws {
            let status = WorkerServer.serve(parentPID: parent, makeRecognizer: { try makeRecognizer($0) })
            if status != 0 { throw ExitCode(status) }
        }
    }

    /// `prescreen rules`: the rule catalogue.
    struct RulesCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rules", abstract: "列出检查规则 (print the rule catalogue: id, severity, what it checks).")

        @Option(name: .long, help: "流程定义文件 (a pipeline YAML; default: the built-in aksu-2024).")
        var pipeline: String?

        func run() throws {
            let def = try loadPipeline(pipeline)
            print(RuleCatalogue.render(def))
        }
    }
}

/// The text recogniser the pipeline's `ocr.engine` names, made for one worker.
func makeRecognizer(_ settings: PipelineDefinition.Extraction) throws -> any TextRecognizer {
    switch settings.engine {
    case .paddle: return try PaddleRecognizer()
    case .tesseract: return try TesseractRecognizer(languages: settings.languages)
    }
}

/// Loads the named pipeline or the default one; a bad file is a usage error (exit 2).
func loadPipeline(_ path: String?) throws -> PipelineDefinition {
    do {
        if let path { return try PipelineLoader.load(path: path) }
        return try PipelineLoader.loadDefault()
    } catch {
        Console.error("prescreen: \(error.description)")
        throw ExitCode(2)
    }
}
