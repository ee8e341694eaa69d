/* linux/errqueue.h (struct sock_extended_err, SO_EE_ORIGIN_*) as the generator reads it: that header uses
 * struct timespec without including <time.h>, so it cannot be parsed alone. Nothing else belongs here. */
#ifndef KIWI_ERRQUEUE_H
#define KIWI_ERRQUEUE_H

#include <time.h>
#include <linux/errqueue.h>

#endif
