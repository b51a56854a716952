/* static.h - routes for compiled-in assets and /metrics. */
#ifndef CONGSO_STATIC_H
#define CONGSO_STATIC_H

void	 static_register(void);

#endif
