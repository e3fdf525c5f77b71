package dev.dnshunter.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** Entry point of the command line and of the job jar. */
public final class Main {
    static final String USAGE = "usage: dns-hunter <backfill|stream|bootstrap|inspect|generate|demo|bench|bench-streaming|help> [flags]   (dns-hunter <command> --help for its flags)";

    private Main() {}

    public static void main(String[] args) {
        int code = guarded(args, () -> run(Arrays.asList(args), System.out, System.err), System.err);
        // From bin/dns-hunter the exit code is the answer (and ends the embedded cluster's threads). Inside a Flink
        // client or JobManager (flink run, REST submission), exiting would take the host process down: return, and
        // report a failure by throwing instead.
        if (System.getProperty("dns-hunter.home") != null) System.exit(code);
        if (code != 0) throw new IllegalStateException("dns-hunter " + String.join(" ", args) + " failed with exit code " + code);
    }

    /**
     * Runs the command and turns an {@link Error} escaping it (a class that no longer loads because the jar was rebuilt
     * under a running backfill, an out-of-memory error) into exit code 1 with its cause on stderr. Left uncaught it would
     * end only the main thread, and the embedded cluster's threads would keep the process alive with no word.
     */
    static int guarded(String[] args, java.util.concurrent.Callable<Integer> command, PrintStream err) {
        try {
            return command.call();
        } catch (Throwable t) {
            String name = args.length == 0 ? "" : " " + args[0];
            err.println("dns-hunter" + name + ": failed: " + t);
            t.printStackTrace(err);
            return 1;
        }
    }

    /** Runs a subcommand and returns the process exit code: 0 success, 1 failure of the job, 2 a usage error. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println("dns-hunter: no command given");
            err.println(USAGE);
            return 2;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        String usage = switch (command) {
            case "backfill" -> BackfillCommand.USAGE;
            case "stream" -> StreamCommand.USAGE;
            case "generate" -> GenerateCommand.USAGE;
            case "demo" -> DemoCommand.USAGE;
            case "bootstrap" -> BootstrapCommand.USAGE;
            case "inspect" -> InspectCommand.USAGE;
            case "bench" -> BenchCommand.USAGE;
            case "bench-streaming" -> StreamingBenchCommand.USAGE;
            default -> USAGE;
        };
        try {
            if (rest.contains("--help") || rest.contains("-h")) {
                out.println(switch (command) {
                    case "backfill" -> BackfillCommand.HELP;
                    case "stream" -> StreamCommand.HELP;
                    case "generate" -> GenerateCommand.HELP;
                    case "demo" -> DemoCommand.HELP;
                    case "bootstrap" -> BootstrapCommand.HELP;
                    case "inspect" -> InspectCommand.HELP;
                    case "bench" -> BenchCommand.HELP;
                    case "bench-streaming" -> StreamingBenchCommand.HELP;
                    default -> USAGE;
                });
                return 0;
            }
            return switch (command) {
                case "backfill" -> BackfillCommand.run(rest, out, err);
                case "stream" -> StreamCommand.run(rest, out, err);
                case "generate" -> GenerateCommand.run(rest, out, err);
                case "demo" -> DemoCommand.run(rest, out, err);
                case "bootstrap" -> BootstrapCommand.run(rest, out, err);
                case "inspect" -> InspectCommand.run(rest, out, err);
                case "bench" -> BenchCommand.run(rest, out, err);
                case "bench-streaming" -> StreamingBenchCommand.run(rest, out, err);
                case "help", "--help", "-h" -> {
                    out.println(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("dns-hunter " + command + ": " + e.getMessage());
            err.println(usage);
            return 2;
        } catch (Exception e) {
            err.println("dns-hunter " + command + ": failed: " + e);
            return 1;
        }
    }
}
