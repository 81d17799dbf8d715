package dlcourse.kernel.engine;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The kernel's end of the execution JVM's {@code System.in}: bytes of lines from the current {@link LineReader}. */
final class UserInput extends InputStream {
    private volatile LineReader reader = LineReader.NONE;
    private byte[] buffer = new byte[0];
    private int position;

    void reader(LineReader newReader) {
        reader = newReader == null ? LineReader.NONE : newReader;
    }

    @Override
    public synchronized int read() {
        if (position >= buffer.length) {
            String line = reader.readLine();
            if (line == null) {
                return -1;
            }
            buffer = (line + "\n").getBytes(StandardCharsets.UTF_8);
            position = 0;
        }
        return buffer[position++] & 0xff;
    }
}
