// SPDX-License-Identifier: GPL-2.0
/*
 * barwise_claim - a lab driver that takes a PCI BAR from user space the way a
 * real driver that maps its BAR write-back does: it claims BAR 2
 * (pci_request_region(), the region becomes busy in /proc/iomem under the name
 * "barwise_claim") and maps all of it with memremap(MEMREMAP_WB), which on x86
 * holds a PAT memtype entry for the BAR (write-back, or uncached-minus where the
 * MTRRs say the range is not write-back).
 *
 * It has no ID table, so it binds only to a device whose driver_override names
 * it:
 *   echo barwise_claim > /sys/bus/pci/devices/BDF/driver_override
 *   echo BDF > /sys/bus/pci/drivers_probe
 *
 * The lab then observes what user space gets while the claim is held, and what
 * happens to a mapping made before it (revoke_iomem() with IO_STRICT_DEVMEM).
 */
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#define CLAIM_BAR 2

struct barwise_claim {
	void *wb;	/* the write-back kernel mapping of the whole BAR */
};

static int barwise_claim_probe(struct pci_dev *pdev,
			       const struct pci_device_id *id)
{
	resource_size_t start = pci_resource_start(pdev, CLAIM_BAR);
	resource_size_t len = pci_resource_len(pdev, CLAIM_BAR);
	struct barwise_claim *c;
	int ret;

	if (!len || !(pci_resource_flags(pdev, CLAIM_BAR) & IORESOURCE_MEM))
		return -ENODEV;

	c = devm_kzalloc(&pdev->dev, sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;

	ret = pci_enable_device_mem(pdev);
	if (ret)
		return ret;

	ret = pci_request_region(pdev, CLAIM_BAR, "barwise_claim");
	if (ret)
		goto err_disable;

	c->wb = memremap(start, len, MEMREMAP_WB);
	if (!c->wb) {
		ret = -ENOMEM;
		goto err_release;
	}
	pci_set_drvdata(pdev, c);
	/* the first bytes, read through the kernel's own mapping */
	pci_info(pdev, "barwise_claim: BAR %d %pR claimed and mapped write-back, starts %8ph\n",
		 CLAIM_BAR, &pdev->resource[CLAIM_BAR], c->wb);
	return 0;

err_release:
	pci_release_region(pdev, CLAIM_BAR);
err_disable:
	pci_disable_device(pdev);
	return ret;
}

static void barwise_claim_remove(struct pci_dev *pdev)
{
	struct barwise_claim *c = pci_get_drvdata(pdev);

	memunmap(c->wb);
	pci_release_region(pdev, CLAIM_BAR);
	pci_disable_device(pdev);
}

static struct pci_driver barwise_claim_driver = {
	.name = "barwise_claim",
	.probe = barwise_claim_probe,
	.remove = barwise_claim_remove,
};
module_pci_driver(barwise_claim_driver);

MODULE_DESCRIPTION("barwise lab: claim BAR 2 and map it write-back (binds via driver_override only)");
MODULE_LICENSE("GPL");
