/* Kiwi.NET native shim; see kiwi_shim.h for why each function exists. */
#define _GNU_SOURCE
#include "kiwi_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

/* The layouts the managed side relies on (DESIGN.md: epoll_event is packed on x86_64). */
#if defined(__x86_64__)
_Static_assert(sizeof(struct epoll_event) == 12, "epoll_event is packed on x86_64");
#endif
_Static_assert(sizeof(fd_set) * 8 == FD_SETSIZE, "fd_set holds FD_SETSIZE bits");
_Static_assert(sizeof(struct iovec) == 2 * sizeof(void *), "iovec is base + length");
_Static_assert(offsetof(struct msghdr, msg_control) == 4 * sizeof(void *), "msghdr layout");
_Static_assert(sizeof(struct io_uring_sqe) == 64, "io_uring_sqe is 64 bytes");
_Static_assert(sizeof(struct io_uring_cqe) == 16, "io_uring_cqe is 16 bytes");

#define KIWI_RESULT(expr) do { long r_ = (long)(expr); return r_ < 0 ? -errno : r_; } while (0)

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

int kiwi_fcntl_int(int fd, int cmd, int arg) { KIWI_RESULT(fcntl(fd, cmd, arg)); }
int kiwi_fcntl_ptr(int fd, int cmd, void *arg) { KIWI_RESULT(fcntl(fd, cmd, arg)); }
int kiwi_ioctl_ptr(int fd, unsigned long request, void *arg) { KIWI_RESULT(ioctl(fd, request, arg)); }

int kiwi_sigrtmin(void) { return SIGRTMIN; }
int kiwi_sigrtmax(void) { return SIGRTMAX; }
int kiwi_gettid(void) { return (int)syscall(SYS_gettid); }

int kiwi_io_uring_setup(unsigned int entries, struct io_uring_params *params)
{
    KIWI_RESULT(syscall(__NR_io_uring_setup, entries, params));
}

int kiwi_io_uring_enter(int fd, unsigned int to_submit, unsigned int min_complete, unsigned int flags, const sigset_t *sig, size_t sigsz)
{
    KIWI_RESULT(syscall(__NR_io_uring_enter, fd, to_submit, min_complete, flags, sig, sigsz));
}

int kiwi_io_uring_register(int fd, unsigned int opcode, void *arg, unsigned int nr_args)
{
    KIWI_RESULT(syscall(__NR_io_uring_register, fd, opcode, arg, nr_args));
}

void *kiwi_mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset, int *error)
{
    void *p = mmap(addr, length, prot, flags, fd, offset);
    *error = p == MAP_FAILED ? errno : 0;
    return p == MAP_FAILED ? NULL : p;
}

int kiwi_munmap(void *addr, size_t length) { KIWI_RESULT(munmap(addr, length)); }

int kiwi_epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout) { KIWI_RESULT(epoll_wait(epfd, events, maxevents, timeout)); }
int kiwi_poll(struct pollfd *fds, nfds_t nfds, int timeout) { KIWI_RESULT(poll(fds, nfds, timeout)); }
ssize_t kiwi_read(int fd, void *buf, size_t count) { KIWI_RESULT(read(fd, buf, count)); }
ssize_t kiwi_write(int fd, const void *buf, size_t count) { KIWI_RESULT(write(fd, buf, count)); }
ssize_t kiwi_recv(int fd, void *buf, size_t len, int flags) { KIWI_RESULT(recv(fd, buf, len, flags)); }
ssize_t kiwi_send(int fd, const void *buf, size_t len, int flags) { KIWI_RESULT(send(fd, buf, len, flags)); }
ssize_t kiwi_readv(int fd, const struct iovec *iov, int iovcnt) { KIWI_RESULT(readv(fd, iov, iovcnt)); }
ssize_t kiwi_writev(int fd, const struct iovec *iov, int iovcnt) { KIWI_RESULT(writev(fd, iov, iovcnt)); }
int kiwi_accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags) { KIWI_RESULT(accept4(fd, addr, addrlen, flags)); }
int kiwi_close(int fd) { KIWI_RESULT(close(fd)); }
