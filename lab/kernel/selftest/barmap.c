// SPDX-License-Identifier: GPL-2.0
/*
 * barmap: map PCI sysfs resource files and show the PAT memtype list while
 * the mappings are held (barwise kernel self-test; runs inside the guest).
 *
 *   barmap [-w TEXT] FILE...
 *
 * Maps every FILE whole (MAP_SHARED, read/write) in the given order, prints
 * the first 16 bytes of each, writes TEXT at offset 0x100 of the first one
 * (if -w), prints /sys/kernel/debug/x86/pat_memtype_list, unmaps everything
 * and prints the list again.  Exit status 1 if any mmap fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAT_LIST "/sys/kernel/debug/x86/pat_memtype_list"

static void show_pat(const char *when)
{
	char line[256];
	FILE *f = fopen(PAT_LIST, "r");

	printf("-- pat_memtype_list %s:\n", when);
	if (!f) {
		printf("   (cannot open: %s)\n", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "PAT memtype list", 16))
			printf("   %s", line);
	fclose(f);
}

int main(int argc, char **argv)
{
	void *map[16];
	size_t len[16];
	const char *text = NULL;
	int i, n = 0, first = 1, ret = 0;

	if (argc > 2 && !strcmp(argv[1], "-w")) {
		text = argv[2];
		first = 3;
	}
	for (i = first; i < argc && n < 16; i++) {
		struct stat st;
		unsigned char *p;
		int fd = open(argv[i], O_RDWR);

		if (fd < 0 || fstat(fd, &st)) {
			printf("open %s: %s\n", argv[i], strerror(errno));
			ret = 1;
			continue;
		}
		p = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
		if (p == MAP_FAILED) {
			printf("mmap %s (%lld bytes): %s\n", argv[i],
			       (long long)st.st_size, strerror(errno));
			ret = 1;
			continue;
		}
		printf("mmap %s (%lld bytes): ok, bytes 0-15: ", argv[i],
		       (long long)st.st_size);
		for (int k = 0; k < 16; k++)
			putchar(p[k] >= 0x20 && p[k] < 0x7f ? p[k] : '.');
		putchar('\n');
		if (text && n == 0) {
			memcpy(p + 0x100, text, strlen(text) + 1);
			printf("wrote \"%s\" at 0x100 through %s\n", text, argv[i]);
		}
		map[n] = p;
		len[n++] = st.st_size;
	}
	show_pat("while mapped");
	while (n--)
		munmap(map[n], len[n]);
	show_pat("after munmap");
	fflush(stdout);
	return ret;
}
