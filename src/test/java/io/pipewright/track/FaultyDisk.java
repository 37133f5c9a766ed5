package io.pipewright.track;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code faulty:} in a database URL) over the real disk that runs out of space, or
 * turns read-only, when a test says so: the failures a full or read-only disk gives, without root,
 * mounts or file modes (which do not stop root, as CI may run).
 */
public final class FaultyDisk extends FilePathWrapper {
    static final String SCHEME = "faulty";
    /** Bytes that may still be written before the disk is full. */
    private static final AtomicLong SPACE = new AtomicLong(Long.MAX_VALUE);
    private static volatile boolean readOnly;

    static {
        FilePath.register(new FaultyDisk());
    }

    /** For H2, which makes one per path by reflection. */
    public FaultyDisk() {
    }

    /** Registers the file system (once) and gives it back its space and write access. */
    static void reset() {
        SPACE.set(Long.MAX_VALUE);
        readOnly = false;
    }

    /** From now on, at most {@code bytes} more bytes can be written. */
    static void fillUpAfter(long bytes) {
        SPACE.set(bytes);
    }

    /** From now on, nothing can be written, and a file cannot be opened for writing. */
    static void makeReadOnly() {
        readOnly = true;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        if (readOnly && mode.contains("w")) {
            throw new FileSystemException(name.substring(SCHEME.length() + 1), null, "Read-only file system");
        }
        return new Channel(super.open(mode), name.substring(SCHEME.length() + 1));
    }

    @Override
    public boolean canWrite() {
        return !readOnly && super.canWrite();
    }

    @Override
    public boolean createFile() {
        return !readOnly && super.createFile();
    }

    @Override
    public void delete() {
        if (!readOnly) {
            super.delete();
        }
    }

    /** The real file's channel, whose writes fail once the disk is full or read-only. */
    private static final class Channel extends FileBase {
        private final FileChannel base;
        private final String file;

        Channel(FileChannel base, String file) {
            this.base = base;
            this.file = file;
        }

        private void allow(int bytes) throws IOException {
            if (readOnly) {
                throw new FileSystemException(file, null, "Read-only file system");
            }
            if (SPACE.addAndGet(-bytes) < 0) {
                SPACE.set(0);
                throw new IOException("No space left on device");
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            allow(src.remaining());
            return base.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            allow(src.remaining());
            return base.write(src, position);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (readOnly) {
                throw new FileSystemException(file, null, "Read-only file system");
            }
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            base.force(metaData);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
