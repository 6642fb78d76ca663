/*
 * kprc-probe: the dataplane suite's identity server and connection counter, one static binary
 * (gcc -static on the host, copied into the containers) because the node image has no compiler or
 * runtime and a shell+socat loop is far too slow for thousands of connections.
 *
 *   kprc-probe serve PROTO:PORT...
 *       Listens on 0.0.0.0 for each tcp:PORT / udp:PORT and answers every connection (or datagram)
 *       with "<local-ip>:<local-port> <peer-ip>\n": which endpoint answered and whom it saw.
 *   kprc-probe send PROTO HOST PORT COUNT PARALLEL TIMEOUT_MS [MAX_TIMEOUTS]
 *       Opens COUNT new connections (PARALLEL in flight, each with its own deadline) and prints one
 *       line per outcome: "ok <answer> <peer> <n>" or "fail <reason> <n>", then "elapsed_ms <ms>".
 *       After MAX_TIMEOUTS timeouts (default PARALLEL) it starts no new connections and reports the
 *       rest as "fail not-sent <n>", so a blackholed service costs seconds, not COUNT/PARALLEL rounds.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_LISTEN 16
#define MAX_OUTCOMES 256
#define MAX_PARALLEL 512

static void die(const char *what) { perror(what); exit(2); }

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int parse_proto(const char *s) {
  if (strcmp(s, "tcp") == 0) return SOCK_STREAM;
  if (strcmp(s, "udp") == 0) return SOCK_DGRAM;
  fprintf(stderr, "protocol must be tcp or udp, got %s\n", s);
  exit(2);
}

/* ---------- serve ---------- */

static void answer_tcp(int lfd) {
  int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
  if (c < 0) return;
  struct sockaddr_in local, peer;
  socklen_t ll = sizeof local, pl = sizeof peer;
  getsockname(c, (struct sockaddr *)&local, &ll);
  getpeername(c, (struct sockaddr *)&peer, &pl);
  char lip[INET_ADDRSTRLEN], pip[INET_ADDRSTRLEN], out[96];
  inet_ntop(AF_INET, &local.sin_addr, lip, sizeof lip);
  inet_ntop(AF_INET, &peer.sin_addr, pip, sizeof pip);
  int n = snprintf(out, sizeof out, "%s:%d %s\n", lip, ntohs(local.sin_port), pip);
  if (write(c, out, n) < 0) { /* the client gave up; nothing to do */ }
  close(c);
}

/* UDP sockets bound to 0.0.0.0 learn the datagram's destination through IP_PKTINFO and answer from it,
 * so the reply's source is the endpoint address the node's conntrack expects. */
static void answer_udp(int fd, int port) {
  char buf[512], cbuf[256], out[96];
  struct sockaddr_in peer;
  struct iovec iov = {buf, sizeof buf};
  struct msghdr msg = {.msg_name = &peer, .msg_namelen = sizeof peer, .msg_iov = &iov, .msg_iovlen = 1,
                       .msg_control = cbuf, .msg_controllen = sizeof cbuf};
  if (recvmsg(fd, &msg, MSG_DONTWAIT) < 0) return;
  struct in_pktinfo *pi = NULL;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) pi = (struct in_pktinfo *)CMSG_DATA(c);
  if (!pi) return;
  char lip[INET_ADDRSTRLEN], pip[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &pi->ipi_addr, lip, sizeof lip);
  inet_ntop(AF_INET, &peer.sin_addr, pip, sizeof pip);
  int n = snprintf(out, sizeof out, "%s:%d %s\n", lip, port, pip);
  char rc[CMSG_SPACE(sizeof(struct in_pktinfo))];
  memset(rc, 0, sizeof rc);
  struct iovec riov = {out, (size_t)n};
  struct msghdr reply = {.msg_name = &peer, .msg_namelen = sizeof peer, .msg_iov = &riov, .msg_iovlen = 1,
                         .msg_control = rc, .msg_controllen = sizeof rc};
  struct cmsghdr *c = CMSG_FIRSTHDR(&reply);
  c->cmsg_level = IPPROTO_IP;
  c->cmsg_type = IP_PKTINFO;
  c->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
  struct in_pktinfo *rpi = (struct in_pktinfo *)CMSG_DATA(c);
  rpi->ipi_spec_dst = pi->ipi_addr;
  sendmsg(fd, &reply, 0);
}

static int serve(int argc, char **argv) {
  int ep = epoll_create1(0), fds[MAX_LISTEN], types[MAX_LISTEN], ports[MAX_LISTEN], n = 0;
  for (int i = 0; i < argc && n < MAX_LISTEN; i++, n++) {
    char proto[8];
    if (sscanf(argv[i], "%7[a-z]:%d", proto, &ports[n]) != 2) { fprintf(stderr, "bad listener %s\n", argv[i]); return 2; }
    types[n] = parse_proto(proto);
    fds[n] = socket(AF_INET, types[n] | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fds[n], SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (types[n] == SOCK_DGRAM) setsockopt(fds[n], IPPROTO_IP, IP_PKTINFO, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(ports[n]), .sin_addr.s_addr = htonl(INADDR_ANY)};
    if (bind(fds[n], (struct sockaddr *)&a, sizeof a) < 0) die("bind");
    if (types[n] == SOCK_STREAM && listen(fds[n], 4096) < 0) die("listen");
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)n};
    epoll_ctl(ep, EPOLL_CTL_ADD, fds[n], &ev);
  }
  printf("listening\n");
  fflush(stdout);
  for (;;) {
    struct epoll_event evs[32];
    int k = epoll_wait(ep, evs, 32, -1);
    for (int i = 0; i < k; i++) {
      int j = (int)evs[i].data.u32;
      if (types[j] == SOCK_STREAM) answer_tcp(fds[j]); else answer_udp(fds[j], ports[j]);
    }
  }
}

/* ---------- send ---------- */

struct outcome { char key[160]; int count; };
static struct outcome outcomes[MAX_OUTCOMES];
static int n_outcomes;

static void record(const char *key) {
  for (int i = 0; i < n_outcomes; i++)
    if (strcmp(outcomes[i].key, key) == 0) { outcomes[i].count++; return; }
  if (n_outcomes == MAX_OUTCOMES) { record("fail too-many-distinct-answers"); return; }
  snprintf(outcomes[n_outcomes].key, sizeof outcomes[n_outcomes].key, "%s", key);
  outcomes[n_outcomes++].count = 1;
}

static void record_errno(int err) {
  char key[64];
  switch (err) {
    case ECONNREFUSED: record("fail refused"); return;
    case ETIMEDOUT: record("fail timeout"); return;
    case ECONNRESET: record("fail reset"); return;
    case EHOSTUNREACH: case ENETUNREACH: record("fail unreachable"); return;
    case EPERM: record("fail eperm"); return; /* a local packet dropped by a netfilter hook */
    default: snprintf(key, sizeof key, "fail errno-%d", err); record(key);
  }
}

struct slot { int fd; long long deadline; char buf[128]; int len; };

static void record_answer(struct slot *s) {
  char answer[64], peer[64], key[160];
  s->buf[s->len] = 0;
  if (sscanf(s->buf, "%63s %63s", answer, peer) != 2) { record("fail bad-answer"); return; }
  snprintf(key, sizeof key, "ok %s %s", answer, peer);
  record(key);
}

static int open_one(int ep, struct slot *s, int type, const struct sockaddr_in *dst, long long timeout) {
  s->fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s->fd < 0) die("socket");
  s->len = 0;
  s->deadline = now_ms() + timeout;
  if (connect(s->fd, (const struct sockaddr *)dst, sizeof *dst) < 0 && errno != EINPROGRESS) {
    record_errno(errno);
    close(s->fd);
    s->fd = -1;
    return 0;
  }
  if (type == SOCK_DGRAM && send(s->fd, "?\n", 2, 0) < 0) {
    record_errno(errno);
    close(s->fd);
    s->fd = -1;
    return 0;
  }
  struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = s};
  epoll_ctl(ep, EPOLL_CTL_ADD, s->fd, &ev);
  return 1;
}

static void finish(struct slot *s, const char *fail) {
  if (fail) record(fail); else record_answer(s);
  close(s->fd);
  s->fd = -1;
}

/* Reads what is there; a TCP answer is complete at EOF, a UDP answer is one datagram. */
static void on_readable(struct slot *s, int type) {
  for (;;) {
    ssize_t r = recv(s->fd, s->buf + s->len, sizeof s->buf - 1 - (size_t)s->len, 0);
    if (r > 0) {
      s->len += (int)r;
      if (type == SOCK_DGRAM || s->len >= (int)sizeof s->buf - 1) { finish(s, NULL); return; }
      continue;
    }
    if (r == 0) { finish(s, NULL); return; }
    if (errno == EAGAIN || errno == EWOULDBLOCK) return;
    record_errno(errno);
    close(s->fd);
    s->fd = -1;
    return;
  }
}

static int send_probe(int argc, char **argv) {
  if (argc < 6) { fprintf(stderr, "usage: send PROTO HOST PORT COUNT PARALLEL TIMEOUT_MS [MAX_TIMEOUTS]\n"); return 2; }
  int type = parse_proto(argv[0]);
  struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2]))};
  if (inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1) { fprintf(stderr, "bad address %s\n", argv[1]); return 2; }
  int count = atoi(argv[3]), parallel = atoi(argv[4]);
  long long timeout = atoll(argv[5]);
  int max_timeouts = argc > 6 ? atoi(argv[6]) : parallel;
  if (parallel < 1 || parallel > MAX_PARALLEL) parallel = MAX_PARALLEL;
  if (max_timeouts < 1) max_timeouts = parallel;
  static struct slot slots[MAX_PARALLEL];
  for (int i = 0; i < parallel; i++) slots[i].fd = -1;
  int ep = epoll_create1(0), started = 0, in_flight = 0, timeouts = 0;
  long long t0 = now_ms();
  while ((started < count && timeouts < max_timeouts) || in_flight > 0) {
    in_flight = 0;
    for (int i = 0; i < parallel; i++) {
      if (slots[i].fd < 0 && started < count && timeouts < max_timeouts) { started++; open_one(ep, &slots[i], type, &dst, timeout); }
      if (slots[i].fd >= 0) in_flight++;
    }
    struct epoll_event evs[64];
    int k = epoll_wait(ep, evs, 64, 20);
    for (int i = 0; i < k; i++) {
      struct slot *s = evs[i].data.ptr;
      if (s->fd < 0) continue;
      int err = 0;
      socklen_t el = sizeof err;
      getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &el);
      if (err) { record_errno(err); close(s->fd); s->fd = -1; continue; }
      on_readable(s, type);
    }
    long long now = now_ms();
    for (int i = 0; i < parallel; i++)
      if (slots[i].fd >= 0 && now >= slots[i].deadline) { finish(&slots[i], "fail timeout"); timeouts++; }
  }
  for (; started < count; started++) record("fail not-sent");
  for (int i = 0; i < n_outcomes; i++) printf("%s %d\n", outcomes[i].key, outcomes[i].count);
  printf("elapsed_ms %lld\n", now_ms() - t0);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "serve") == 0) return serve(argc - 2, argv + 2);
  if (argc >= 2 && strcmp(argv[1], "send") == 0) return send_probe(argc - 2, argv + 2);
  fprintf(stderr, "usage: kprc-probe serve PROTO:PORT... | send PROTO HOST PORT COUNT PARALLEL TIMEOUT_MS [MAX_TIMEOUTS]\n");
  return 2;
}
