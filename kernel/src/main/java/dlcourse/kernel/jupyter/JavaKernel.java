package dlcourse.kernel.jupyter;

import dlcourse.kernel.engine.CellOutput;
import dlcourse.kernel.engine.CellResult;
import dlcourse.kernel.engine.CellStatus;
import dlcourse.kernel.engine.CodeAssist;
import dlcourse.kernel.engine.ExecutionSession;
import dlcourse.kernel.engine.LineReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;

/**
 * The Jupyter kernel for Java: JJava's {@link BaseKernel} speaks the protocol; every cell runs on an
 * {@link ExecutionSession}, so user code lives in a separate execution JVM and its outputs are published as they
 * happen. Errors carry the user's exception type as {@code ename}. Interrupts ({@code interrupt_mode: message})
 * reach {@link #interrupt()} on the control channel's thread while the shell thread runs the cell.
 */
public final class JavaKernel extends BaseKernel {
    private final ExecutionSession session;

    JavaKernel(ExecutionSession session) {
        super("dlcourse-java",
                version(),
                new LanguageInfo.Builder("java")
                        .version(Runtime.version().toString())
                        .mimetype("text/x-java-source")
                        .fileExtension(".jshell")
                        .pygments("java")
                        .codemirror("text/x-java")
                        .build(),
                List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/"
                        + Runtime.version().feature() + "/docs/api/index.html")),
                null,
                new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(),
                new Renderer(),
                null,
                new MagicsRegistry(),
                false,
                new StringStyler.Builder().addPrimaryStyle(TextColor.BOLD_RESET_FG)
                        .addSecondaryStyle(TextColor.BOLD_RED_FG).build());
        this.session = session;
    }

    private static String version() {
        String v = JavaKernel.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " :: dlcourse kernel (JShell, separate execution JVM)";
    }

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        boolean counted = !request.isSilent() && request.shouldStoreHistory();
        int count = counted ? executionCount.getAndIncrement() : executionCount.get();
        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(request.getCode(), count));

        session.input(request.isStdinEnabled() ? () -> env.readFromStdIn() : LineReader.NONE);
        JupyterPublisher publisher = new JupyterPublisher(env, count);
        CellResult result = null;
        try {
            result = session.execute(request.getCode(), publisher, count);
        } finally {
            CellResult ended = result;
            publisher.finish(() -> reply(env, count, ended));
        }
    }

    private static void reply(ShellReplyEnvironment env, int count, CellResult result) {
        if (result == null) {
            return; // the engine threw; BaseKernel reports it
        }
        if (result.status() == CellStatus.COMPLETED) {
            env.defer().reply(new ExecuteReply(count, Collections.emptyMap()));
        } else {
            CellOutput error = result.error().orElse(CellOutput.error(result.status().name(), "", List.of()));
            ErrorReply reply = new ErrorReply(error.ename(), error.evalue(), error.traceback());
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
        }
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> request) {
        env.setBusyDeferIdle();
        env.reply(new KernelInfoWithStatus(Header.PROTOCOL_VERISON, name, version, getLanguageInfo(), getBanner(),
                getHelpLinks()));
    }

    @Override
    public Object evalRaw(String source) {
        CellResult result = session.execute(source);
        return result.resultText().orElse(null);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String text = session.codeAssist().inspect(code, at, extraDetail);
        return text == null ? null : new DisplayData(text);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        CodeAssist.Completion completion = session.codeAssist().complete(code, at);
        return new ReplacementOptions(completion.matches(), completion.start(), completion.end());
    }

    @Override
    public String isComplete(String code) {
        switch (session.codeAssist().isComplete(code)) {
            case "complete": return IS_COMPLETE_YES;
            case "invalid": return IS_COMPLETE_BAD;
            case "incomplete": return "";
            default: return IS_COMPLETE_MAYBE;
        }
    }

    @Override
    public void interrupt() {
        session.interrupt();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        session.close();
        super.onShutdown(isRestarting);
    }
}
