/* Kiwi.NET native shim: only what a P/Invoke cannot reach directly.
 * - macros (FD_*, CMSG_*, SIGRTMIN) become functions;
 * - variadic calls (fcntl, ioctl) get fixed signatures;
 * - system calls glibc does not wrap (io_uring_*) get wrappers;
 * - hot calls return -errno, as the kernel does, so managed code needs no SetLastError.
 * The generator reads this header and writes the imports (src/Kiwi.Interop/Generated/kiwi_shim.g.cs).
 * Result convention: a call that can fail returns its result (>= 0) or -errno; kiwi_mmap, which returns a
 * pointer, reports errno through *error instead; the macro wrappers, kiwi_gettid and kiwi_sigrt* cannot fail.
 * EINTR: every call that can block is retried here when a signal interrupts it, as dotnet/runtime's
 * pal_networking.c does (timed waits for the time that remains), so managed code never sees -EINTR;
 * the exceptions are kiwi_close (Linux frees the number even then) and kiwi_connect (see below). */
#ifndef KIWI_SHIM_H
#define KIWI_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <sys/time.h>
#include <poll.h>
#include <signal.h>
#include <linux/io_uring.h>

/* FD_* on a caller-owned fd_set; a descriptor outside 0..FD_SETSIZE-1 gives -EINVAL, the set untouched. */
int kiwi_fd_zero(fd_set *set);
int kiwi_fd_set(int fd, fd_set *set);
int kiwi_fd_clr(int fd, fd_set *set);
/* 1 if fd is in the set, 0 if not, -EINVAL if fd is out of range. */
int kiwi_fd_isset(int fd, const fd_set *set);
int kiwi_fd_setsize(void);

/* CMSG_* over a caller-owned msghdr and control buffer. */
struct cmsghdr *kiwi_cmsg_firsthdr(struct msghdr *msg);
struct cmsghdr *kiwi_cmsg_nxthdr(struct msghdr *msg, struct cmsghdr *cmsg);
unsigned char *kiwi_cmsg_data(struct cmsghdr *cmsg);
size_t kiwi_cmsg_space(size_t length);
size_t kiwi_cmsg_len(size_t length);

/* fcntl and ioctl with one fixed argument type each (C variadics are not portable through P/Invoke). */
int kiwi_fcntl_int(int fd, int cmd, int arg);
int kiwi_fcntl_ptr(int fd, int cmd, void *arg);
int kiwi_ioctl_ptr(int fd, unsigned long request, void *arg);

/* SIGRTMIN/SIGRTMAX are functions in glibc (it reserves the lowest real-time signals). */
int kiwi_sigrtmin(void);
int kiwi_sigrtmax(void);
/* The calling thread's kernel id, for F_SETOWN_EX with F_OWNER_TID. */
int kiwi_gettid(void);

/* io_uring system calls, which glibc does not wrap. */
int kiwi_io_uring_setup(unsigned int entries, struct io_uring_params *params);
int kiwi_io_uring_enter(int fd, unsigned int to_submit, unsigned int min_complete, unsigned int flags, const sigset_t *sig, size_t sigsz);
int kiwi_io_uring_register(int fd, unsigned int opcode, void *arg, unsigned int nr_args);
void *kiwi_mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset, int *error);
int kiwi_munmap(void *addr, size_t length);

/* Hot paths: the result, or -errno. */
int kiwi_epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);
int kiwi_poll(struct pollfd *fds, nfds_t nfds, int timeout);
ssize_t kiwi_read(int fd, void *buf, size_t count);
ssize_t kiwi_write(int fd, const void *buf, size_t count);
ssize_t kiwi_recv(int fd, void *buf, size_t len, int flags);
ssize_t kiwi_send(int fd, const void *buf, size_t len, int flags);
ssize_t kiwi_readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t kiwi_writev(int fd, const struct iovec *iov, int iovcnt);
int kiwi_accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);
/* Never retried: Linux releases the descriptor even when close reports EINTR. */
int kiwi_close(int fd);

/* Per-datagram and per-message calls, so that no server path pays for SetLastError. */
ssize_t kiwi_sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *addr, socklen_t addrlen);
ssize_t kiwi_recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *addr, socklen_t *addrlen);
ssize_t kiwi_sendmsg(int fd, const struct msghdr *msg, int flags);
ssize_t kiwi_recvmsg(int fd, struct msghdr *msg, int flags);
/* Batch datagram calls (recvmmsg without a timeout): datagrams transferred, or -errno. */
int kiwi_recvmmsg(int fd, struct mmsghdr *msgvec, unsigned int vlen, int flags);
int kiwi_sendmmsg(int fd, struct mmsghdr *msgvec, unsigned int vlen, int flags);
/* An interrupted connect goes on in the background: -EINPROGRESS, not a retry (which would say EALREADY). */
int kiwi_connect(int fd, const struct sockaddr *addr, socklen_t addrlen);
int kiwi_epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);
/* Re-arms a loop's timer on every timer change. */
int kiwi_timerfd_settime(int fd, int flags, const struct itimerspec *new_value, struct itimerspec *old_value);
/* select(2); an interrupted wait resumes for the time that remains (timeout NULL waits forever). */
int kiwi_select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, struct timeval *timeout);

#endif
