package dlcourse.kernel.engine;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * When a running cell is stopped and when its execution JVM is replaced instead: the per-cell time limit and
 * {@link ExecutionSession#interrupt()} throw a stop signal into the cell through the debugger, again every
 * {@value #STOP_RETRY_MILLIS} ms; a cell still running {@value #STOP_GRACE_MILLIS} ms later has its JVM killed. The
 * decision is written into the {@link CellRun} ({@code stopReason}), where the cell pipeline reads it.
 */
final class StopPolicy {
    static final long STOP_GRACE_MILLIS = 1500;
    static final long STOP_RETRY_MILLIS = 200;

    private final Duration cellTimeout;
    private final RuntimeSlot runtimes;
    private final ScheduledExecutorService watchdog;

    StopPolicy(Duration cellTimeout, RuntimeSlot runtimes) {
        this.cellTimeout = cellTimeout;
        this.runtimes = runtimes;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "execution-session-watchdog");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.watchdog = pool;
    }

    /** Starts the time limit of a cell that starts now; null if there is none. Cancel it when the cell ends. */
    ScheduledFuture<?> arm(CellRun run) {
        if (cellTimeout.isZero()) {
            return null;
        }
        return watchdog.schedule(() -> requestStop(run, CellStatus.TIMED_OUT), cellTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Runs a task every {@code millis} ms on the watchdog's threads (for the session's idle checks). */
    ScheduledFuture<?> every(long millis, Runnable task) {
        return watchdog.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the cell for this reason, unless it has ended or is being stopped already. Returns at once. */
    void requestStop(CellRun run, CellStatus reason) {
        synchronized (run) {
            if (run.finished || run.stopReason != null) {
                return;
            }
            run.stopReason = reason;
        }
        JShellRuntime rt = runtimes.ready();
        if (rt == null) {
            return;
        }
        long deadline = System.nanoTime() + STOP_GRACE_MILLIS * 1_000_000L;
        watchdog.execute(() -> {
            while (!run.finished && System.nanoTime() < deadline && !rt.isDead()) {
                try {
                    rt.stopCell();
                } catch (Exception e) {
                    if (!run.finished && !rt.isDead()) {
                        System.err.println("dlcourse kernel: could not interrupt through the debugger: " + e);
                    }
                }
                sleep(STOP_RETRY_MILLIS);
            }
        });
        watchdog.schedule(() -> {
            if (!run.finished) {
                rt.kill();
            }
        }, STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    void close() {
        watchdog.shutdownNow();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
