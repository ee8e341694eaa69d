/* Kiwi.NET native shim; see kiwi_shim.h for why each function exists. */
#define _GNU_SOURCE
#include "kiwi_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

/* The layouts the managed side relies on: epoll_event is packed on x86_64 only (docs/INTEROP.md "Platforms"). */
#if defined(__x86_64__)
_Static_assert(sizeof(struct epoll_event) == 12, "epoll_event is packed on x86_64");
_Static_assert(offsetof(struct epoll_event, data) == 4, "epoll_event.data follows events directly on x86_64");
#elif defined(__aarch64__)
_Static_assert(sizeof(struct epoll_event) == 16, "epoll_event is naturally aligned on aarch64");
_Static_assert(offsetof(struct epoll_event, data) == 8, "epoll_event.data is 8-aligned on aarch64");
#else
#error "kiwi_shim: no layout checks for this architecture (docs/INTEROP.md \"Platforms\")"
#endif
_Static_assert(sizeof(fd_set) * 8 == FD_SETSIZE, "fd_set holds FD_SETSIZE bits");
_Static_assert(sizeof(struct iovec) == 2 * sizeof(void *), "iovec is base + length");
_Static_assert(offsetof(struct msghdr, msg_control) == 4 * sizeof(void *), "msghdr layout");
_Static_assert(sizeof(struct io_uring_sqe) == 64, "io_uring_sqe is 64 bytes");
_Static_assert(sizeof(struct io_uring_cqe) == 16, "io_uring_cqe is 16 bytes");

#define KIWI_RESULT(expr) do { long r_ = (long)(expr); return r_ < 0 ? -errno : r_; } while (0)
/* The one EINTR retry for calls without a timeout, as dotnet/runtime's pal_networking.c writes it. */
#define KIWI_RETRY(expr) do { long r_; while ((r_ = (long)(expr)) < 0 && errno == EINTR) { } return r_ < 0 ? -errno : r_; } while (0)

/* A timed wait's deadline on CLOCK_MONOTONIC, so that an interrupted wait resumes for what remains. */
static int64_t monotonic_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

/* Milliseconds left until deadline, rounded up; -1 (forever) and 0 (do not wait) pass through. */
static int remaining_ms(int timeout, int64_t deadline)
{
    if (timeout <= 0) return timeout;
    int64_t left = deadline - monotonic_ns();
    return left <= 0 ? 0 : (int)((left + 999999) / 1000000);
}

static int64_t deadline_after(int timeout) { return timeout > 0 ? monotonic_ns() + (int64_t)timeout * 1000000 : 0; }

static int fd_in_range(int fd) { return fd >= 0 && fd < FD_SETSIZE; }

int kiwi_fd_zero(fd_set *set) { FD_ZERO(set); return 0; }
int kiwi_fd_set(int fd, fd_set *set) { if (!fd_in_range(fd)) return -EINVAL; FD_SET(fd, set); return 0; }
int kiwi_fd_clr(int fd, fd_set *set) { if (!fd_in_range(fd)) return -EINVAL; FD_CLR(fd, set); return 0; }
int kiwi_fd_isset(int fd, const fd_set *set) { if (!fd_in_range(fd)) return -EINVAL; return FD_ISSET(fd, set) ? 1 : 0; }
int kiwi_fd_setsize(void) { return FD_SETSIZE; }

struct cmsghdr *kiwi_cmsg_firsthdr(struct msghdr *msg) { return CMSG_FIRSTHDR(msg); }
struct cmsghdr *kiwi_cmsg_nxthdr(struct msghdr *msg, struct cmsghdr *cmsg) { return CMSG_NXTHDR(msg, cmsg); }
unsigned char *kiwi_cmsg_data(struct cmsghdr *cmsg) { return CMSG_DATA(cmsg); }
size_t kiwi_cmsg_space(size_t length) { return CMSG_SPACE(length); }
size_t kiwi_cmsg_len(size_t length) { return CMSG_LEN(length); }

int kiwi_fcntl_int(int fd, int cmd, int arg) { KIWI_RETRY(fcntl(fd, cmd, arg)); }
int kiwi_fcntl_ptr(int fd, int cmd, void *arg) { KIWI_RETRY(fcntl(fd, cmd, arg)); }
int kiwi_ioctl_ptr(int fd, unsigned long request, void *arg) { KIWI_RETRY(ioctl(fd, request, arg)); }

int kiwi_sigrtmin(void) { return SIGRTMIN; }
int kiwi_sigrtmax(void) { return SIGRTMAX; }
int kiwi_gettid(void) { return (int)syscall(SYS_gettid); }

int kiwi_io_uring_setup(unsigned int entries, struct io_uring_params *params)
{
    KIWI_RESULT(syscall(__NR_io_uring_setup, entries, params));
}

int kiwi_io_uring_enter(int fd, unsigned int to_submit, unsigned int min_complete, unsigned int flags, const sigset_t *sig, size_t sigsz)
{
    /* EINTR means nothing was submitted (the kernel reports a partial submission as a count): resend all. */
    KIWI_RETRY(syscall(__NR_io_uring_enter, fd, to_submit, min_complete, flags, sig, sigsz));
}

int kiwi_io_uring_register(int fd, unsigned int opcode, void *arg, unsigned int nr_args)
{
    KIWI_RETRY(syscall(__NR_io_uring_register, fd, opcode, arg, nr_args));
}

void *kiwi_mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset, int *error)
{
    void *p = mmap(addr, length, prot, flags, fd, offset);
    *error = p == MAP_FAILED ? errno : 0;
    return p == MAP_FAILED ? NULL : p;
}

int kiwi_munmap(void *addr, size_t length) { KIWI_RESULT(munmap(addr, length)); }

int kiwi_epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)
{
    int64_t deadline = deadline_after(timeout);
    int r;
    while ((r = epoll_wait(epfd, events, maxevents, timeout)) < 0 && errno == EINTR) timeout = remaining_ms(timeout, deadline);
    return r < 0 ? -errno : r;
}

int kiwi_poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
    int64_t deadline = deadline_after(timeout);
    int r;
    while ((r = poll(fds, nfds, timeout)) < 0 && errno == EINTR) timeout = remaining_ms(timeout, deadline);
    return r < 0 ? -errno : r;
}

int kiwi_select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, struct timeval *timeout)
{
    /* The kernel leaves the sets as they were when it fails, so a retry watches the same descriptors. */
    int timeout_ms = timeout == NULL ? -1 : (int)(timeout->tv_sec * 1000 + (timeout->tv_usec + 999) / 1000);
    int64_t deadline = deadline_after(timeout_ms);
    int r;
    while ((r = select(nfds, readfds, writefds, exceptfds, timeout)) < 0 && errno == EINTR)
    {
        if (timeout == NULL) continue;
        int left = remaining_ms(timeout_ms, deadline);
        timeout->tv_sec = left / 1000;
        timeout->tv_usec = (left % 1000) * 1000;
    }
    return r < 0 ? -errno : r;
}

ssize_t kiwi_read(int fd, void *buf, size_t count) { KIWI_RETRY(read(fd, buf, count)); }
ssize_t kiwi_write(int fd, const void *buf, size_t count) { KIWI_RETRY(write(fd, buf, count)); }
ssize_t kiwi_recv(int fd, void *buf, size_t len, int flags) { KIWI_RETRY(recv(fd, buf, len, flags)); }
ssize_t kiwi_send(int fd, const void *buf, size_t len, int flags) { KIWI_RETRY(send(fd, buf, len, flags)); }
ssize_t kiwi_readv(int fd, const struct iovec *iov, int iovcnt) { KIWI_RETRY(readv(fd, iov, iovcnt)); }
ssize_t kiwi_writev(int fd, const struct iovec *iov, int iovcnt) { KIWI_RETRY(writev(fd, iov, iovcnt)); }
int kiwi_accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags) { KIWI_RETRY(accept4(fd, addr, addrlen, flags)); }
int kiwi_close(int fd) { KIWI_RESULT(close(fd)); }

ssize_t kiwi_sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *addr, socklen_t addrlen)
{
    KIWI_RETRY(sendto(fd, buf, len, flags, addr, addrlen));
}

ssize_t kiwi_recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *addr, socklen_t *addrlen)
{
    /* The kernel may have shortened *addrlen before the signal: every attempt starts from the caller's room. */
    socklen_t room = addrlen == NULL ? 0 : *addrlen;
    ssize_t r;
    while ((r = recvfrom(fd, buf, len, flags, addr, addrlen)) < 0 && errno == EINTR)
    {
        if (addrlen != NULL) *addrlen = room;
    }
    return r < 0 ? -errno : r;
}

ssize_t kiwi_sendmsg(int fd, const struct msghdr *msg, int flags) { KIWI_RETRY(sendmsg(fd, msg, flags)); }

ssize_t kiwi_recvmsg(int fd, struct msghdr *msg, int flags)
{
    /* recvmsg writes the lengths back into msg: every attempt starts from the caller's room. */
    socklen_t name_room = msg->msg_namelen;
    size_t control_room = msg->msg_controllen;
    ssize_t r;
    while ((r = recvmsg(fd, msg, flags)) < 0 && errno == EINTR)
    {
        msg->msg_namelen = name_room;
        msg->msg_controllen = control_room;
    }
    return r < 0 ? -errno : r;
}

int kiwi_connect(int fd, const struct sockaddr *addr, socklen_t addrlen)
{
    if (connect(fd, addr, addrlen) == 0) return 0;
    return errno == EINTR ? -EINPROGRESS : -errno;
}

int kiwi_epoll_ctl(int epfd, int op, int fd, struct epoll_event *event) { KIWI_RESULT(epoll_ctl(epfd, op, fd, event)); }

int kiwi_timerfd_settime(int fd, int flags, const struct itimerspec *new_value, struct itimerspec *old_value)
{
    KIWI_RESULT(timerfd_settime(fd, flags, new_value, old_value));
}

/* An interrupted recvmmsg that got nothing is retried; one that got datagrams returns their count. */
int kiwi_recvmmsg(int fd, struct mmsghdr *msgvec, unsigned int vlen, int flags) { KIWI_RETRY(recvmmsg(fd, msgvec, vlen, flags, NULL)); }
int kiwi_sendmmsg(int fd, struct mmsghdr *msgvec, unsigned int vlen, int flags) { KIWI_RETRY(sendmmsg(fd, msgvec, vlen, flags)); }
