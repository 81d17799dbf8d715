package dlcourse.kernel.jupyter;

import java.util.List;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;

/** The base module's kernel_info_reply plus the {@code "status": "ok"} that protocol 5 asks every reply to carry. */
final class KernelInfoWithStatus extends KernelInfoReply {
    @SuppressWarnings("unused") // serialized by Gson
    private final String status = "ok";

    KernelInfoWithStatus(String protocolVersion, String implementation, String implementationVersion,
                         LanguageInfo languageInfo, String banner, List<HelpLink> helpLinks) {
        super(protocolVersion, implementation, implementationVersion, languageInfo, banner, helpLinks);
    }
}
