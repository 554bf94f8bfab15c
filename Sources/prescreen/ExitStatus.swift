/// The exit codes of CONTRACT.md, and the one added for cron (README, exit codes).
enum ExitStatus {
    /// Another scan holds the state's lock (a cron overlap): nothing was done, try again later.
    ///
    /// 75 is `EX_TEMPFAIL` of sysexits.h ("temporary failure, the user is invited to retry"), distinct from a
    /// usage error (2), so a cron wrapper or a systemd unit (`SuccessExitStatus=75`) can tell an overlap from a
    /// misconfiguration. Under `--quiet` it is silent as well: cron mails nothing every five minutes.
    static let busy: Int32 = 75
}
