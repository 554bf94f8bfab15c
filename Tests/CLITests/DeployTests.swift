import Foundation
import Testing
import TestSupport
import Yams

#if canImport(Glibc)
import Glibc
#endif

/// deploy/kubernetes and deploy/Containerfile: the manifests have the fields a split batch needs, the command
/// lines they run are run here (the real binary, a tiny corpus, the pods' environment) and give the one-machine
/// reports, and the image installs every library and data file the binary uses.
@Suite(.serialized, .enabled(if: CLI.haveBinary, "build the prescreen binary first (swift build)"))
struct DeployTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func manifest(_ name: String) throws -> [String: Any] {
        let text = try String(contentsOfFile: package + "/deploy/kubernetes/" + name, encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any], "\(name) is not a YAML mapping")
    }

    /// A value at a dotted path of nested mappings.
    static func at(_ value: Any?, _ path: String) -> Any? {
        var v = value
        for key in path.split(separator: ".") { v = (v as? [String: Any])?[String(key)] }
        return v
    }

    /// A container's env as name -> value (valueFrom entries as their mapping).
    static func env(_ container: [String: Any]) -> [String: Any] {
        var out: [String: Any] = [:]
        for e in (container["env"] as? [[String: Any]]) ?? [] {
            guard let name = e["name"] as? String else { continue }
            out[name] = e["value"] ?? e["valueFrom"]
        }
        return out
    }

    /// Mebibytes of a Kubernetes quantity (`640Mi`, `2Gi`).
    static func mebibytes(_ q: Any?) -> Int? {
        guard let s = q as? String else { return nil }
        if s.hasSuffix("Mi") { return Int(s.dropLast(2)) }
        if s.hasSuffix("Gi") { return Int(s.dropLast(2)).map { $0 * 1024 } }
        return nil
    }

    /// Checks an Indexed scan Job's spec and pod and returns its container.
    static func checkScanJob(_ job: [String: Any], _ name: String) throws -> [String: Any] {
        #expect(job["completionMode"] as? String == "Indexed", "\(name)")
        let completions = try #require(job["completions"] as? Int)
        #expect((1...completions).contains(job["parallelism"] as? Int ?? 0), "\(name): parallelism")
        #expect((job["backoffLimitPerIndex"] as? Int ?? 0) >= 1, "\(name): a failed shard is retried alone")
        let pod = try #require(at(job, "template.spec") as? [String: Any])
        #expect(pod["restartPolicy"] as? String == "Never", "backoffLimitPerIndex needs restartPolicy Never")
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let e = env(container)
        #expect(e["SHARDS"] as? String == String(completions), "\(name): SHARDS must equal completions")
        #expect(e["OMP_THREAD_LIMIT"] as? String == "1")
        let jobs = at(e["JOBS"], "resourceFieldRef") as? [String: Any]
        #expect(jobs?["resource"] as? String == "limits.cpu", "\(name): --jobs is the CPU limit")
        #expect(jobs?["containerName"] as? String == container["name"] as? String)
        #expect(jobs?["divisor"] as? String == "1")
        let script = ((container["args"] as? [String]) ?? []).joined(separator: "\n")
        #expect(container["command"] as? [String] == ["/bin/sh", "-c"])
        #expect(script.contains("--jobs \"$JOBS\"") && script.contains("JOB_COMPLETION_INDEX + 1"))
        // Requests from the measured RSS: the scan ~0.12 GiB, a worker child ~0.25 GiB.
        let cpus = try #require(Int(at(container, "resources.limits.cpu") as? String ?? ""), "\(name): whole CPUs")
        #expect(at(container, "resources.requests.cpu") as? String == String(cpus))
        let request = try #require(mebibytes(at(container, "resources.requests.memory")))
        let limit = try #require(mebibytes(at(container, "resources.limits.memory")))
        #expect(request >= 128 + 256 * cpus && request <= 2 * (128 + 256 * cpus), "\(name): memory request \(request)Mi")
        #expect(limit >= request)
        try checkVolumes(pod, container, name)
        return container
    }

    /// Uploads read-only (mount and claim), reports read-write, at the paths the env names.
    static func checkVolumes(_ pod: [String: Any], _ container: [String: Any], _ name: String) throws {
        let e = env(container)
        let mounts = (container["volumeMounts"] as? [[String: Any]]) ?? []
        let volumes = (pod["volumes"] as? [[String: Any]]) ?? []
        let uploads = try #require(mounts.first { $0["mountPath"] as? String == e["UPLOADS"] as? String }, "\(name)")
        let reports = try #require(mounts.first { $0["mountPath"] as? String == e["REPORTS"] as? String }, "\(name)")
        #expect(uploads["readOnly"] as? Bool == true, "\(name): uploads must be mounted read-only")
        #expect(reports["readOnly"] as? Bool != true, "\(name): reports are written")
        let uploadsVolume = volumes.first { $0["name"] as? String == uploads["name"] as? String }
        #expect(at(uploadsVolume, "persistentVolumeClaim.readOnly") as? Bool == true)
        let reportsVolume = volumes.first { $0["name"] as? String == reports["name"] as? String }
        #expect(at(reportsVolume, "persistentVolumeClaim.claimName") != nil)
    }

    /// Runs a container's `sh -c` script as its pod would, with the test's folders and binary.
    static func runScript(_ container: [String: Any], env extra: [String: String]) throws -> CLI.Result {
        let script = try #require((container["args"] as? [String])?.first)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env(container) { if let s = v as? String { environment[k] = s } }
        environment["PATH"] = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        for (k, v) in extra { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Result(status: p.terminationStatus, signal: 0, stdout: String(decoding: o, as: UTF8.self),
                          stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func theIndexedJobAndItsIndexStepRunAndGiveTheOneMachineBatch() throws {
        let job = try Self.manifest("scan-job.yaml")
        #expect(job["apiVersion"] as? String == "batch/v1" && job["kind"] as? String == "Job")
        let scan = try Self.checkScanJob(try #require(job["spec"] as? [String: Any]), "scan-job.yaml")
        let indexJob = try Self.manifest("index-job.yaml")
        let indexPod = try #require(Self.at(indexJob, "spec.template.spec") as? [String: Any])
        let index = try #require((indexPod["containers"] as? [[String: Any]])?.first)
        try Self.checkVolumes(indexPod, index, "index-job.yaml")
        #expect(Self.env(index)["UPLOADS"] as? String == Self.env(scan)["UPLOADS"] as? String)
        #expect(Self.env(index)["REPORTS"] as? String == Self.env(scan)["REPORTS"] as? String)
        #expect(index["image"] as? String == scan["image"] as? String)

        let t = try TempTree("deploy-k8s")
        defer { t.remove() }
        for (i, f) in ["P1", "P2", "P3", "P4", "P5"].enumerated() { try ShardTests.addApplicant(f, i, to: t) }
        _ = try CLI.run(["scan", t.path("in"), "--out", t.path("ref"), "--jobs", "1"])
        // Two pods of a 2-completion Job (the manifest's 8 would be eight binaries on two cores), one core each.
        let pods = ["UPLOADS": t.path("in"), "REPORTS": t.path("out"), "SHARDS": "2", "JOBS": "1"]
        for i in 0..<2 {
            let r = try Self.runScript(scan, env: pods.merging(["JOB_COMPLETION_INDEX": String(i)]) { $1 })
            #expect(r.status == 0, "pod \(i) failed although only applicants are flagged: \(r.stderr)")
            #expect(r.stdout.contains("shard \(i + 1)/2"), "\(r.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: t.path("out/summary.json")))
        let r = try Self.runScript(index, env: pods)
        #expect(r.status == 0, "\(r.stderr)")
        for name in ShardTests.batchFiles {
            let a = ShardTests.timeless(batch: t.path("out/" + name))
            #expect(a != nil && a == ShardTests.timeless(batch: t.path("ref/" + name)), "\(name)")
        }
        // A usage error still fails the pod (exit 2), so it is seen and not retried for ever unnoticed.
        let bad = try Self.runScript(scan, env: pods.merging(["JOB_COMPLETION_INDEX": "5"]) { $1 })
        #expect(bad.status == 2, "\(bad.stderr)")
    }

    @Test func theCronJobScansIncrementallyAndRefreshesTheIndex() throws {
        let cron = try Self.manifest("scan-cronjob.yaml")
        #expect(cron["kind"] as? String == "CronJob")
        #expect(Self.at(cron, "spec.schedule") as? String == "*/5 * * * *")
        #expect(Self.at(cron, "spec.concurrencyPolicy") as? String == "Forbid")
        let job = try #require(Self.at(cron, "spec.jobTemplate.spec") as? [String: Any])
        let container = try Self.checkScanJob(job, "scan-cronjob.yaml")
        // The same shards and state files as the one-off Job, so its page cache is used.
        let bulk = try #require(Self.at(try Self.manifest("scan-job.yaml"), "spec") as? [String: Any])
        #expect(job["completions"] as? Int == bulk["completions"] as? Int)
        #expect(((container["args"] as? [String])?.first ?? "").contains("--quiet"))

        let t = try TempTree("deploy-cron")
        defer { t.remove() }
        for (i, f) in ["C1", "C2", "C3", "C4"].enumerated() { try ShardTests.addApplicant(f, i, to: t) }
        _ = try CLI.run(["scan", t.path("in"), "--out", t.path("ref"), "--jobs", "1"])
        let pods = ["UPLOADS": t.path("in"), "REPORTS": t.path("out"), "SHARDS": "2", "JOBS": "1"]
        for round in 0..<2 {
            for i in 0..<2 {
                let r = try Self.runScript(container, env: pods.merging(["JOB_COMPLETION_INDEX": String(i)]) { $1 })
                #expect(r.status == 0, "round \(round) pod \(i): \(r.stderr)")
                // --quiet: a cron run prints only what it newly found flagged, and nothing the second time.
                if round == 1 { #expect(r.stdout.isEmpty, "\(r.stdout)") }
            }
        }
        for name in ShardTests.batchFiles {
            let a = ShardTests.timeless(batch: t.path("out/" + name))
            #expect(a != nil && a == ShardTests.timeless(batch: t.path("ref/" + name)), "\(name)")
        }
    }

    @Test func volumeClaimsAreSharedReadOnlyAndReadWrite() throws {
        let text = try String(contentsOfFile: Self.package + "/deploy/kubernetes/volumes.yaml", encoding: .utf8)
        let claims = try Yams.load_all(yaml: text).compactMap { $0 as? [String: Any] }
        let modes = Dictionary(uniqueKeysWithValues: claims.compactMap { c -> (String, [String])? in
            guard let name = Self.at(c, "metadata.name") as? String else { return nil }
            return (name, (Self.at(c, "spec.accessModes") as? [String]) ?? [])
        })
        #expect(modes["prescreen-uploads"] == ["ReadOnlyMany"])
        #expect(modes["prescreen-reports"] == ["ReadWriteMany"])
        let job = try Self.manifest("scan-job.yaml")
        let claimNames = ((Self.at(job, "spec.template.spec.volumes") as? [[String: Any]]) ?? [])
            .compactMap { Self.at($0, "persistentVolumeClaim.claimName") as? String }
        #expect(Set(claimNames) == Set(modes.keys))
    }

    /// The run stage's `apt-get install` list.
    static func runtimePackages(_ containerfile: String) -> Set<String> {
        let joined = containerfile.replacingOccurrences(of: "\\\n", with: " ")
        let stages = joined.components(separatedBy: "\nFROM ")
        let last = stages.last ?? ""
        guard let install = last.components(separatedBy: "\n").first(where: { $0.contains("apt-get install") }) else { return [] }
        let words = install.components(separatedBy: "apt-get install").last?.split(separator: " ") ?? []
        return Set(words.prefix { $0 != "&&" }.map(String.init).filter { !$0.hasPrefix("-") })
    }

    /// The Debian package owning a file, or nil; with merged /usr a library is found under /lib or /usr/lib.
    static func owner(_ path: String) -> String? {
        let alternatives = [path, path.hasPrefix("/usr/") ? String(path.dropFirst(4)) : "/usr" + path]
        return alternatives.lazy.compactMap { dpkgOwner($0) }.first
    }

    static func dpkgOwner(_ path: String) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/dpkg")
        p.arguments = ["-S", path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        let line = String(decoding: data, as: UTF8.self)
        return line.split(separator: ":").first.map(String.init)
    }

    static func output(_ exe: String, _ args: [String]) throws -> String {
        try Browser.run(exe, args).out
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/readelf"), "needs dpkg and readelf (binutils)"))
    func theImageInstallsEveryLibraryAndDataFileTheBinaryUses() throws {
        let text = try String(contentsOfFile: Self.package + "/deploy/Containerfile", encoding: .utf8)
        let runtime = Self.runtimePackages(text)
        #expect(runtime.contains("libtesseract5"), "run-stage packages not found: \(runtime)")
        #expect(text.contains("--static-swift-stdlib"), "the run stage has no Swift runtime: link it in")
        #expect(text.contains("OMP_THREAD_LIMIT=1"))
        for folder in ["Sources", "Tests", "Pipelines"] {
            #expect(text.contains("COPY \(folder) \(folder)"), "the build stage needs \(folder)/")
        }
        // Every shared library the binary names itself, by the package that ships it here.
        let needed = try Self.output("/usr/bin/readelf", ["-d", CLI.binary]).split(separator: "\n").compactMap { line in
            line.contains("(NEEDED)") ? line.split(separator: "[").last?.split(separator: "]").first.map(String.init) : nil
        }
        var resolved: [String: String] = [:]
        for line in try Self.output("/usr/bin/ldd", [CLI.binary]).split(separator: "\n") {
            let parts = line.split(separator: " ").map(String.init)
            if parts.count >= 3, parts[1] == "=>" { resolved[parts[0].trimmingCharacters(in: .whitespaces)] = parts[2] }
        }
        // In the base image already.
        let base: Set<String> = ["libc6", "libgcc-s1"]
        // tesseract.pc says -lcurl, which links whichever libcurl -dev flavour is installed: here maybe NSS or
        // GnuTLS, in the build stage the Swift image's libcurl4-openssl-dev, whose library is libcurl4's.
        let flavour = ["libcurl3-nss": "libcurl4", "libcurl3-gnutls": "libcurl4"]
        #expect(needed.count > 5, "\(needed)")
        for lib in needed {
            guard let path = resolved[lib] else { continue }
            // The PP-OCR runtime, installed from PyPI wheels under one prefix: the image copies that prefix.
            if path.hasPrefix("/opt/prescreen-deps/") {
                #expect(text.contains("COPY --from=build /opt/prescreen-deps /opt/prescreen-deps")
                    && text.contains("install-paddle.sh"), "\(lib) (\(path)) is not installed in the image")
                continue
            }
            guard let package = Self.owner(path) else {
                // Not from a Debian package: only the Swift runtime of this debug build, linked in by the image.
                #expect(lib.hasPrefix("libswift") || lib.hasPrefix("libFoundation") || lib.hasPrefix("lib_Foundation")
                    || lib.hasPrefix("libdispatch") || lib.hasPrefix("libBlocksRuntime") || lib.hasPrefix("libTesting")
                    || lib.hasPrefix("libXCTest"), "\(lib) (\(path)) comes from no package")
                continue
            }
            let wanted = flavour[package] ?? package
            #expect(runtime.contains(wanted) || base.contains(wanted), "\(lib) needs \(wanted) in the run stage")
        }
        for file in ["/usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata", "/usr/share/tesseract-ocr/5/tessdata/eng.traineddata",
                     "/usr/share/tesseract-ocr/5/tessdata/osd.traineddata",
                     "/usr/share/opencv4/lbpcascades/lbpcascade_frontalface.xml",
                     "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml"] {
            guard let package = Self.owner(file) else { continue }
            #expect(runtime.contains(package), "\(file) needs \(package) in the run stage")
        }
    }
}
