/* A C program that allocates on purpose, for gperftools heap profiles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node { struct node *next; char payload[48]; };

static struct node *push(struct node *head, int i) {
    struct node *n = malloc(sizeof *n);
    snprintf(n->payload, sizeof n->payload, "node-%d", i);
    n->next = head;
    return n;
}

char *make_buffer(size_t size) {
    char *b = malloc(size);
    memset(b, 'x', size);
    return b;
}

struct node *build_list(int n) {
    struct node *head = NULL;
    for (int i = 0; i < n; i++) head = push(head, i);
    return head;
}

int main(void) {
    struct node *list = build_list(20000);
    char *kept[64];
    for (int i = 0; i < 64; i++) kept[i] = make_buffer(4096 * (i % 8 + 1));
    for (int i = 0; i < 64; i += 2) free(kept[i]);
    printf("%s %c\n", list->payload, kept[1][0]);
    return 0;
}
