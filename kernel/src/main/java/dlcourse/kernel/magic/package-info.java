/**
 * IJava's magics: {@code %jars}, {@code %classpath}, {@code %maven}, {@code %mavenRepo}, {@code %load},
 * {@code %time} and {@code %%time}. A cell is split into code and magic lines by {@link dlcourse.kernel.magic.CellParser};
 * each magic runs in the kernel, in the cell's order, through a {@link dlcourse.kernel.magic.MagicContext}.
 */
package dlcourse.kernel.magic;
