package dev.dnshunter.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The decompressed bytes of a gzip file of one or more members (RFC 1952), strict where the JDK's GZIPInputStream is
 * lenient: that one ends quietly at a second member whose header is damaged, losing its lines without a word. Here a
 * damaged header, a bad CRC or length in a trailer, a truncated member or bytes after the last member (other than
 * zero padding) is an IOException that says which member and at which compressed byte. An empty file is an empty
 * stream.
 */
final class GzipMembers extends InputStream {
    private static final int FTEXT_RESERVED = 0xe0;
    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;

    private final InputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    /** Compressed bytes before buf[0]. */
    private long consumedBefore;
    private int member = 1;
    private long memberSize;
    private boolean done;

    GzipMembers(InputStream in) throws IOException {
        this.in = in;
        if (!fill()) {
            done = true;
        } else {
            readHeader();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!done) {
            if (inflater.needsInput()) {
                if (pos == limit && !fill()) throw new EOFException(where("truncated: the compressed data ends inside the member"));
                inflater.setInput(buf, pos, limit - pos);
                pos = limit;
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new IOException(where("corrupt compressed data (" + e.getMessage() + ")"), e);
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberSize += n;
                return n;
            }
            if (inflater.finished()) {
                pos = limit - inflater.getRemaining();
                endOfMember();
            } else if (inflater.needsDictionary()) {
                throw new IOException(where("corrupt compressed data (asks for a preset dictionary)"));
            }
        }
        return -1;
    }

    private void endOfMember() throws IOException {
        long storedCrc = readInt() & 0xffffffffL;
        long storedSize = readInt() & 0xffffffffL;
        if (storedCrc != crc.getValue()) throw new IOException(where("CRC mismatch in the trailer"));
        if (storedSize != (memberSize & 0xffffffffL)) throw new IOException(where("length mismatch in the trailer"));
        if (!moreMembers()) {
            done = true;
            return;
        }
        member++;
        memberSize = 0;
        crc.reset();
        inflater.reset();
        readHeader();
    }

    /** Whether another member follows; zero padding to the end of the file is allowed, anything else must be a member. */
    private boolean moreMembers() throws IOException {
        if (pos == limit && !fill()) return false;
        if (buf[pos] != 0) return true;
        while (true) {
            while (pos < limit) {
                if (buf[pos] != 0) throw new IOException(where("bytes after the zero padding that ends the last member"));
                pos++;
            }
            if (!fill()) return false;
        }
    }

    private void readHeader() throws IOException {
        if (readByte() != 0x1f || readByte() != 0x8b) throw new IOException(where("not a gzip member header (corrupt data or trailing garbage)"));
        if (readByte() != 8) throw new IOException(where("unknown compression method in the header"));
        int flags = readByte();
        if ((flags & FTEXT_RESERVED) != 0) throw new IOException(where("reserved header flags set"));
        for (int i = 0; i < 6; i++) readByte(); // modification time, extra flags, operating system
        if ((flags & FEXTRA) != 0) {
            int length = readByte() | (readByte() << 8);
            for (int i = 0; i < length; i++) readByte();
        }
        if ((flags & FNAME) != 0) while (readByte() != 0) { /* file name */ }
        if ((flags & FCOMMENT) != 0) while (readByte() != 0) { /* comment */ }
        if ((flags & FHCRC) != 0) {
            readByte();
            readByte();
        }
    }

    private int readInt() throws IOException {
        return readByte() | (readByte() << 8) | (readByte() << 16) | (readByte() << 24);
    }

    private int readByte() throws IOException {
        if (pos == limit && !fill()) throw new EOFException(where("truncated: the file ends inside a member's header or trailer"));
        return buf[pos++] & 0xff;
    }

    /** Refills buf once everything in it was consumed; false at the end of the file. */
    private boolean fill() throws IOException {
        consumedBefore += limit;
        pos = 0;
        limit = 0;
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) return false;
        limit = n;
        return true;
    }

    private String where(String what) {
        return "gzip member " + member + " at compressed byte " + (consumedBefore + pos) + ": " + what;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
