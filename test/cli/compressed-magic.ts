/** The first bytes of compressed files errenrich refuses (each format's magic number, then some payload). */
export const zstdMagic = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x05]), Buffer.alloc(16, 7)]);
export const bzip2Magic = Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(16, 7)]);
export const xzMagic = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04]), Buffer.alloc(16, 7)]);
