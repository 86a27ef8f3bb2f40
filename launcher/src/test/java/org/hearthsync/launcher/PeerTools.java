package org.hearthsync.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The real programs some integration tests check Hearth with (openssl, python3, chromium,
 * testssl.sh, zbarimg). Outside CI a missing one skips the test with the Debian package to install;
 * with {@code CI=true} it fails the test, so CI can never pass by skipping.
 */
final class PeerTools {
    private PeerTools() {
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The program's path; skips (outside CI) or fails (in CI) when it is not installed. */
    static Path require(String program, String debianPackage) {
        Optional<Path> found = find(program);
        if (found.isPresent()) {
            return found.get();
        }
        String message = program + " is missing: install the Debian package " + debianPackage
                + " (apt-get install " + debianPackage + ")";
        if (inCi()) {
            throw new AssertionError(message + "; CI must have it");
        }
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

    static Optional<Path> find(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** What a finished program printed. */
    record Result(int exitCode, String out, String err) {
        Result assertOk(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " exited with " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    /** Runs a program to its end, killing it (and its children) when it overruns {@code timeout}. */
    static Result run(Duration timeout, Optional<byte[]> stdin, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (var in = p.getOutputStream()) {
            if (stdin.isPresent()) {
                in.write(stdin.get());
            }
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + "\nstdout so far:\n"
                    + out.getNow(""));
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        return run(timeout, Optional.empty(), List.of(command));
    }

    /** Reads a stream to its end on a thread of its own (the common pool may have a single thread). */
    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.complete("<" + e + ">");
            }
        }, "peer-output");
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** Creates an account the way the README says, before Hearth starts on {@code data}. */
    static void createAccount(Path data, String user, String email, String password) throws IOException, InterruptedException {
        run(Duration.ofSeconds(60), Optional.of((password + "\n").getBytes(StandardCharsets.UTF_8)),
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                        RunningHearth.dist().resolve("hearth.jar").toString(), "--data", data.toString(),
                        "--set-password", user, "--email", email)).assertOk("hearth --set-password");
    }

    /** Network namespace labs need root: skips (outside CI) or fails (in CI) without it. */
    static void requireRoot(String lab) throws IOException, InterruptedException {
        String uid = run(Duration.ofSeconds(10), "id", "-u").out().trim();
        if (!"0".equals(uid)) {
            if (inCi()) {
                throw new AssertionError("CI=true but the " + lab + " needs root (uid " + uid + ")");
            }
            Assumptions.abort("the " + lab + " needs root (uid " + uid + ")");
        }
    }

    /** Runs a namespace lab's script ({@code bash SCRIPT LAB ARGS...}) to its end and returns what it printed. */
    static String lab(Path script, String lab, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), lab));
        cmd.addAll(List.of(args));
        return run(Duration.ofSeconds(60), Optional.empty(), cmd).assertOk(String.join(" ", cmd)).out();
    }
}
